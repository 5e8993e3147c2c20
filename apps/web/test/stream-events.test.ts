import { describe, expect, it } from "vitest";
import { documentStreamEvent, presenceSummary, workspaceStreamEvent } from "@/features/live/server/stream-events.ts";
import { parseLastEventId, sseComment, sseEvent, sseRetry } from "@/features/live/server/sse.ts";

const at = new Date("2026-11-30T10:00:00.000Z");
const change = (kind: "create" | "update" | "delete" | "recreate", summary: string | null = null) => ({ revisionId: 42, documentId: "d1", version: 7, etag: "7.abc", kind, updatedBy: "Ann", updatedById: "u1", summary, updatedAt: at });

describe("event stream framing and events", () => {
  it.each([
    ["create", "version", "created"],
    ["update", "version", "changed"],
    ["delete", "deleted", "deleted"],
    ["recreate", "recreated", "created"],
  ] as const)("a %s is a %s event on the document stream and %s on the workspace stream", (kind, documentEvent, workspaceEvent) => {
    expect(documentStreamEvent(change(kind))).toEqual({
      event: documentEvent,
      id: 42,
      data: { documentId: "d1", version: 7, etag: '"7.abc"', kind, updatedBy: "Ann", updatedById: "u1", updatedAt: "2026-11-30T10:00:00.000Z", summary: null },
    });
    expect(workspaceStreamEvent(change(kind))).toEqual({ event: workspaceEvent, id: 42, data: { documentId: "d1", version: 7, updatedBy: "Ann", updatedAt: "2026-11-30T10:00:00.000Z" } });
  });

  it.each([
    ["fix dates", "fix dates"],
    [null, null],
  ] as const)("a change with summary %j carries %j in its document stream event (not in the workspace one)", (summary, expected) => {
    expect((documentStreamEvent(change("update", summary)).data as { summary: unknown }).summary).toBe(expected);
    expect(workspaceStreamEvent(change("update", summary)).data).not.toHaveProperty("summary");
  });

  it("frames events, comments and retry hints as the SSE grammar wants", () => {
    expect(sseEvent("version", { a: "line\nbreak" }, 5)).toBe('id: 5\nevent: version\ndata: {"a":"line\\nbreak"}\n\n');
    expect(sseEvent("presence", { n: 1 })).toBe('event: presence\ndata: {"n":1}\n\n');
    expect(sseComment("hi\nthere")).toBe(": hi there\n\n");
    expect(sseRetry(2000)).toBe("retry: 2000\n\n");
  });

  it.each([
    ["42", 42],
    [" 7 ", 7],
    ["", null],
    ["abc", null],
    ["-1", null],
    ["1".repeat(16), null],
    [null, null],
  ] as const)("Last-Event-ID %j → %j", (value, expected) => {
    expect(parseLastEventId(value)).toBe(expected);
  });

  it.each([
    ["someone else reads the list", "z", { editing: 2, viewing: 1 }],
    ["Ann reads it: only the others count", "a", { editing: 1, viewing: 1 }],
  ])("counts the others editing and viewing for the list: %s", (_name, reader, counts) => {
    const users = [
      { id: "a", name: "Ann", state: "editing" as const, since: "" },
      { id: "b", name: "Bo", state: "viewing" as const, since: "" },
      { id: "c", name: "Cy", state: "editing" as const, since: "" },
    ];
    expect(presenceSummary(users, "d1", reader)).toEqual({ documentId: "d1", ...counts });
  });
});
