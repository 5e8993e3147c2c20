import { tabId } from "@/lib/tab-id.ts";

// Saves are announced to the other tabs of this browser at once (other browsers learn of them
// from the document's event stream). So is signing out: the other tabs' editors find out now
// rather than at their next request.

export interface SavedMessage {
  type: "saved" | "deleted";
  docId: string;
  version: number;
  etag: string | null;
  by: string | null;
  from: string;
}

export interface SignedOutMessage {
  type: "signed-out";
  from: string;
}

export type TabMessage = SavedMessage | SignedOutMessage;

export type Announcement = Omit<SavedMessage, "from"> | Omit<SignedOutMessage, "from">;

const NAME = "tandem";

export function announce(message: Announcement): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(NAME);
  channel.postMessage({ ...message, from: tabId() } satisfies TabMessage);
  channel.close();
}

export function listen(onMessage: (message: TabMessage) => void): () => void {
  if (typeof BroadcastChannel === "undefined") return () => {};
  const channel = new BroadcastChannel(NAME);
  channel.onmessage = (event: MessageEvent<TabMessage>) => {
    if (event.data?.from !== tabId()) onMessage(event.data);
  };
  return () => channel.close();
}
