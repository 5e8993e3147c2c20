import { tabId } from "@/lib/tab-id.ts";

// Saves are announced to the other tabs of this browser at once; other browsers learn of
// them by polling (a conditional GET that costs a 304 while nothing changed).

export interface SavedMessage {
  type: "saved" | "deleted";
  docId: string;
  version: number;
  etag: string | null;
  by: string | null;
  from: string;
}

const NAME = "tandem";

export function announce(message: Omit<SavedMessage, "from">): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(NAME);
  channel.postMessage({ ...message, from: tabId() } satisfies SavedMessage);
  channel.close();
}

export function listen(onMessage: (message: SavedMessage) => void): () => void {
  if (typeof BroadcastChannel === "undefined") return () => {};
  const channel = new BroadcastChannel(NAME);
  channel.onmessage = (event: MessageEvent<SavedMessage>) => {
    if (event.data?.from !== tabId()) onMessage(event.data);
  };
  return () => channel.close();
}
