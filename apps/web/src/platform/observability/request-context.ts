import { AsyncLocalStorage } from "node:async_hooks";

// The request a piece of work belongs to, for log lines written far from the handler (the
// audit trail's best-effort writes): set once by the API wrapper around each request.
const store = new AsyncLocalStorage<{ requestId: string }>();

export function withRequestContext<T>(requestId: string, work: () => T): T {
  return store.run({ requestId }, work);
}

/** The current request's id, or undefined outside a request. */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}
