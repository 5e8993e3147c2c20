"use client";
import { useEffect, useRef, useState } from "react";
import { openEventStream, type StreamStatus } from "./event-stream.ts";

/** The stream's state as a page shows it: not yet connected, up, or down (reconnecting). */
export type LiveStatus = "connecting" | StreamStatus;

/**
 * Holds the stream at `url` open while the component is mounted (closed on unmount or when
 * `url` becomes null). `onEvent` and `onStatus` may change between renders without reopening.
 */
export function useEventStream(
  url: string | null,
  events: readonly string[],
  onEvent: (event: string, data: unknown) => void,
  onStatus?: (status: StreamStatus) => void,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const handlers = useRef({ onEvent, onStatus });
  useEffect(() => {
    handlers.current = { onEvent, onStatus };
  });
  const names = events.join(",");
  useEffect(() => {
    if (!url) return;
    const close = openEventStream(url, names.split(","), {
      onStatus: (next) => {
        handlers.current.onStatus?.(next);
        setStatus(next);
      },
      onEvent: (event, data) => handlers.current.onEvent(event, data),
    });
    return () => {
      close();
      setStatus("connecting");
    };
  }, [url, names]);
  return status;
}
