import { database } from "../../../platform/database.ts";
import { LiveHub } from "./live-hub.ts";

let hub: LiveHub | undefined;

/** The process's hub, started on first use. */
export function liveHub(): LiveHub {
  if (!hub) {
    hub = new LiveHub(database());
    hub.start();
  }
  return hub;
}

/** Graceful shutdown: streams end with a reconnect hint. Nothing to do if none was ever opened. */
export function closeLiveStreams(): void {
  hub?.closeAll();
}
