import type { DocumentSummary } from "@tandem/contract";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { applyListEvent, applyPresenceSummary } from "@/features/documents/client/list-events.ts";
import { openEventStream, parseEventData, reconnectDelay, resumeUrl, type EventSourceLike } from "@/features/live/client/event-stream.ts";
import { editingWarning, othersOf, presenceLine, presenceSummaryText, shouldSay } from "@/features/live/client/presence.ts";

// The browser's side of the event streams (issue 10): the EventSource wrapper against a fake
// EventSource, and the pure helpers for presence and the document list.

class FakeSource implements EventSourceLike {
  static all: FakeSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  /** A network error: the browser reconnects by itself. */
  drop(): void {
    this.readyState = 0;
    this.onerror?.(new Event("error"));
  }
  /** An error status: the browser gives up. */
  fail(): void {
    this.readyState = 2;
    this.onerror?.(new Event("error"));
  }
  emit(type: string, data: string, lastEventId = ""): void {
    for (const l of this.listeners.get(type) ?? []) l({ data, lastEventId } as MessageEvent<string>);
  }
}

function open(url = "/api/documents/d1/events?tab=tab-12345678", events = ["version", "presence"]) {
  const statuses: string[] = [];
  const received: [string, unknown][] = [];
  const close = openEventStream(url, events, { onStatus: (s) => statuses.push(s), onEvent: (e, d) => received.push([e, d]) }, { createSource: (u) => new FakeSource(u), delay: () => 1_000 });
  return { statuses, received, close, source: () => FakeSource.all.at(-1)! };
}

describe("openEventStream", () => {
  beforeEach(() => {
    FakeSource.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("up on open; named events with their JSON parsed; data that is not JSON is dropped", () => {
    const s = open();
    s.source().open();
    s.source().emit("version", '{"version":2}', "17");
    s.source().emit("version", "not json");
    s.source().emit("presence", '{"users":[]}');
    expect(s.statuses).toEqual(["up"]);
    expect(s.received).toEqual([
      ["version", { version: 2 }],
      ["presence", { users: [] }],
    ]);
  });

  it("a dropped connection is down once; the browser's own reconnect brings it up again (no new source)", () => {
    const s = open();
    s.source().open();
    s.source().drop();
    s.source().drop();
    vi.advanceTimersByTime(60_000);
    expect(FakeSource.all).toHaveLength(1);
    s.source().open();
    expect(s.statuses).toEqual(["up", "down", "up"]);
  });

  it("when the browser gives up (an error status), a new stream opens after the backoff, resuming after the last event", () => {
    const s = open();
    const first = s.source();
    first.open();
    first.emit("version", '{"version":3}', "42");
    first.fail();
    expect(first.closed).toBe(true);
    expect(FakeSource.all).toHaveLength(1);
    vi.advanceTimersByTime(999);
    expect(FakeSource.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSource.all).toHaveLength(2);
    expect(s.source().url).toBe("/api/documents/d1/events?tab=tab-12345678&lastEventId=42");
    s.source().open();
    expect(s.statuses).toEqual(["up", "down", "up"]);
  });

  it("refused from the start: down, and retried", () => {
    const s = open("/api/events");
    s.source().fail();
    vi.advanceTimersByTime(1_000);
    expect(FakeSource.all.map((f) => f.url)).toEqual(["/api/events", "/api/events"]);
    expect(s.statuses).toEqual(["down"]);
  });

  it("closing ends it for good: the source is closed, no reconnect, nothing more is heard", () => {
    const s = open();
    const first = s.source();
    first.open();
    first.fail();
    s.close();
    vi.advanceTimersByTime(60_000);
    expect(FakeSource.all).toHaveLength(1);
    const t = open();
    t.source().open();
    t.close();
    expect(t.source().closed).toBe(true);
    t.source().emit("version", '{"version":9}');
    expect(t.received).toEqual([]);
  });
});

describe("event stream helpers", () => {
  it.each([
    ["/api/events", "", "/api/events"],
    ["/api/events", "7", "/api/events?lastEventId=7"],
    ["/api/documents/d/events?tab=abc12345", "9", "/api/documents/d/events?tab=abc12345&lastEventId=9"],
    ["/api/documents/d/events?tab=abc12345&lastEventId=3", "9", "/api/documents/d/events?tab=abc12345&lastEventId=9"],
  ])("resumeUrl(%s, %s) = %s", (url, id, expected) => {
    expect(resumeUrl(url, id)).toBe(expected);
  });

  it.each([
    [0, 0, 1_000],
    [0, 1, 2_000],
    [3, 1, 16_000],
    [10, 1, 30_000],
    [50, 0.5, 15_500],
  ])("reconnectDelay(attempt %i, random %d) = %i ms", (attempt, random, expected) => {
    expect(reconnectDelay(attempt, () => random)).toBe(expected);
  });

  it.each([
    ['{"a":1}', { a: 1 }],
    ["[]", []],
    ["", undefined],
    ["{", undefined],
  ])("parseEventData(%j)", (text, expected) => {
    expect(parseEventData(text)).toEqual(expected);
  });
});

describe("presence, as shown and said", () => {
  const users = [
    { id: "u-ann", name: "Ann", state: "editing" as const, since: "2026-11-30T10:00:00.000Z" },
    { id: "u-bo", name: "Bo", state: "viewing" as const, since: "2026-11-30T10:01:00.000Z" },
  ];

  it("leaves the signed-in account out", () => {
    expect(othersOf(users, "u-ann").map((u) => u.name)).toEqual(["Bo"]);
    expect(othersOf(users, null)).toHaveLength(2);
  });

  it.each([
    [{ name: "Ann", state: "editing" as const }, "Ann is editing"],
    [{ name: "Bo", state: "viewing" as const }, "Bo is viewing"],
    [{ name: " ", state: "viewing" as const }, "Someone is viewing"],
  ])("presenceLine(%j) = %s", (user, expected) => {
    expect(presenceLine(user)).toBe(expected);
  });

  it.each([
    [[], null],
    [["Ann"], "Ann is editing — your changes may conflict"],
    [["Ann", "Bo"], "Ann and Bo are editing — your changes may conflict"],
    [["Ann", "Bo", "Cy"], "Ann, Bo and Cy are editing — your changes may conflict"],
  ])("editingWarning(%j)", (names, expected) => {
    expect(editingWarning(names)).toBe(expected);
  });

  it.each([
    [undefined, null],
    [{ editing: 0, viewing: 0 }, null],
    [{ editing: 2, viewing: 1 }, "2 editing"],
    [{ editing: 0, viewing: 1 }, "1 viewing"],
  ])("presenceSummaryText(%j) = %s", (summary, expected) => {
    expect(presenceSummaryText(summary)).toBe(expected);
  });

  it.each([
    ["nothing said yet → editing", null, "editing", 0, true],
    ["viewing → editing", { state: "viewing", at: 0 }, "editing", 1, true],
    ["editing 5 s ago → editing: throttled", { state: "editing", at: 0 }, "editing", 5_000, false],
    ["editing 20 s ago → editing: said again", { state: "editing", at: 0 }, "editing", 20_000, true],
    ["editing → viewing: at once", { state: "editing", at: 0 }, "viewing", 1, true],
    ["viewing → viewing: never twice", { state: "viewing", at: 0 }, "viewing", 60_000, false],
  ] as const)("shouldSay: %s", (_name, last, want, now, expected) => {
    expect(shouldSay(last, want, now)).toBe(expected);
  });
});

describe("the document list, from the workspace stream", () => {
  const doc = (id: string, version: number, title = id): DocumentSummary => ({
    id,
    title,
    version,
    updatedAt: "2026-11-30T10:00:00.000Z",
    updatedBy: "Ann",
    updatedById: "u-ann",
    role: "owner",
  });
  const LIST = [doc("a", 1), doc("b", 3)];
  const at = "2026-11-30T11:00:00.000Z";

  it.each([
    ["changed: version, author and time at once; the title is read again", "changed", { documentId: "b", version: 4, updatedBy: "Bo", updatedAt: at }, [doc("a", 1), { ...doc("b", 4), updatedBy: "Bo", updatedAt: at }], true],
    ["changed, an older version (late): kept; read again", "changed", { documentId: "b", version: 2, updatedBy: "Bo", updatedAt: at }, LIST, true],
    ["changed, not listed yet: read again", "changed", { documentId: "z", version: 2, updatedBy: "Bo", updatedAt: at }, LIST, true],
    ["created: read again", "created", { documentId: "c", version: 1, updatedBy: "Ann", updatedAt: at }, LIST, true],
    ["shared with me: read again", "shared", { documentId: "c", role: "editor" }, LIST, true],
    ["deleted: gone at once", "deleted", { documentId: "a", version: 2, updatedBy: "Ann", updatedAt: at }, [doc("b", 3)], false],
    ["deleted again after a reconnect, the document re-created since: kept", "deleted", { documentId: "b", version: 2, updatedBy: "Ann", updatedAt: at }, LIST, false],
    ["unshared: gone at once", "unshared", { documentId: "b", role: null }, [doc("a", 1)], false],
    ["deleted, not listed: nothing", "deleted", { documentId: "z", version: 2, updatedBy: "Ann", updatedAt: at }, LIST, false],
    ["ready (caught up, on opening and after each reconnect): read the list now", "ready", { lastEventId: 41 }, LIST, true],
    ["reset: read again", "reset", { reason: "too many" }, LIST, true],
    ["no document id: ignored", "changed", { version: 2 }, LIST, false],
    ["an event the list does not know: ignored", "presence", { documentId: "a", editing: 1, viewing: 0 }, LIST, false],
  ])("%s", (_name, event, data, list, reread) => {
    const update = applyListEvent(LIST, event, data);
    expect(update.list).toEqual(list);
    expect(update.reread).toBe(reread);
  });

  it("before the list is read, events only ask for a read", () => {
    expect(applyListEvent(undefined, "deleted", { documentId: "a" })).toEqual({ list: undefined, reread: false });
    expect(applyListEvent(undefined, "changed", { documentId: "a", version: 2 })).toEqual({ list: undefined, reread: true });
  });

  it("presence summaries: set, replaced, dropped at zero; malformed ones ignored", () => {
    let s = applyPresenceSummary(new Map(), { documentId: "a", editing: 2, viewing: 1 });
    s = applyPresenceSummary(s, { documentId: "b", editing: 0, viewing: 1 });
    expect([...s.values()]).toEqual([
      { documentId: "a", editing: 2, viewing: 1 },
      { documentId: "b", editing: 0, viewing: 1 },
    ]);
    s = applyPresenceSummary(s, { documentId: "a", editing: 0, viewing: 0 });
    expect([...s.keys()]).toEqual(["b"]);
    expect(applyPresenceSummary(s, { documentId: "b" })).toBe(s);
    expect(applyPresenceSummary(s, null)).toBe(s);
  });
});
