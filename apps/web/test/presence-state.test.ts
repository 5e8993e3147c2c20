import { PRESENCE_EDITING_IDLE_MS, PRESENCE_TTL_MS } from "@tandem/contract";
import { describe, expect, it } from "vitest";
import { emptyPresence, localTabs, reducePresence, usersOf, type PresenceBook, type PresenceInput } from "@/features/live/server/presence-state.ts";

const T0 = Date.parse("2026-11-30T10:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

function run(inputs: PresenceInput[]): { book: PresenceBook; changes: string[][] } {
  let book = emptyPresence();
  const changes: string[][] = [];
  for (const input of inputs) {
    const result = reducePresence(book, input);
    book = result.book;
    changes.push([...result.changed].sort());
  }
  return { book, changes };
}

const open = (tab: string, userId: string, name: string, at = T0, documentId = "d1", instance = "A"): PresenceInput => ({ type: "open", instance, tab, documentId, userId, name, at });

describe("presence (reducePresence, usersOf)", () => {
  it.each<[string, PresenceInput[], { users: [string, string, number][]; changes: string[][] }]>([
    ["an open tab is viewing", [open("t1", "ann", "Ann")], { users: [["Ann", "viewing", T0]], changes: [["d1"]] }],
    [
      "typing makes it editing, since the moment it started",
      [open("t1", "ann", "Ann"), { type: "set", instance: "A", tab: "t1", state: "editing", at: T0 + 5 }],
      { users: [["Ann", "editing", T0 + 5]], changes: [["d1"], ["d1"]] },
    ],
    [
      "editing again while editing changes nothing anyone sees",
      [open("t1", "ann", "Ann"), { type: "set", instance: "A", tab: "t1", state: "editing", at: T0 + 5 }, { type: "set", instance: "A", tab: "t1", state: "editing", at: T0 + 9 }],
      { users: [["Ann", "editing", T0 + 5]], changes: [["d1"], ["d1"], []] },
    ],
    [
      "idle for the editing timeout → viewing",
      [open("t1", "ann", "Ann"), { type: "set", instance: "A", tab: "t1", state: "editing", at: T0 }, { type: "tick", at: T0 + PRESENCE_EDITING_IDLE_MS - 1 }, { type: "tick", at: T0 + PRESENCE_EDITING_IDLE_MS }],
      { users: [["Ann", "viewing", T0 + PRESENCE_EDITING_IDLE_MS]], changes: [["d1"], ["d1"], [], ["d1"]] },
    ],
    [
      "a saved tab says viewing at once",
      [open("t1", "ann", "Ann"), { type: "set", instance: "A", tab: "t1", state: "editing", at: T0 }, { type: "set", instance: "A", tab: "t1", state: "viewing", at: T0 + 3 }],
      { users: [["Ann", "viewing", T0 + 3]], changes: [["d1"], ["d1"], ["d1"]] },
    ],
    ["a closed tab is gone at once", [open("t1", "ann", "Ann"), { type: "close", instance: "A", tab: "t1" }], { users: [], changes: [["d1"], ["d1"]] }],
    [
      "two tabs of one user: one entry, editing if either is, viewing since the earliest tab",
      [open("t1", "ann", "Ann", T0), open("t2", "ann", "Ann", T0 + 7), { type: "set", instance: "A", tab: "t2", state: "editing", at: T0 + 8 }],
      { users: [["Ann", "editing", T0 + 8]], changes: [["d1"], ["d1"], ["d1"]] },
    ],
    [
      "several users, in the order they came",
      [open("t1", "bo", "Bo", T0 + 1), open("t2", "ann", "Ann", T0 + 2)],
      { users: [["Bo", "viewing", T0 + 1], ["Ann", "viewing", T0 + 2]], changes: [["d1"], ["d1"]] },
    ],
    [
      "another instance's tabs last PRESENCE_TTL_MS after its last report",
      [
        { type: "report", instance: "B", tabs: [{ tab: "x", documentId: "d1", userId: "bo", name: "Bo", state: "viewing", since: T0, editingUntil: null }], at: T0 },
        { type: "tick", at: T0 + PRESENCE_TTL_MS - 1 },
        { type: "tick", at: T0 + PRESENCE_TTL_MS },
      ],
      { users: [], changes: [["d1"], [], ["d1"]] },
    ],
    [
      "a repeated report changes nothing and keeps the tab alive",
      [
        { type: "report", instance: "B", tabs: [{ tab: "x", documentId: "d1", userId: "bo", name: "Bo", state: "viewing", since: T0, editingUntil: null }], at: T0 },
        { type: "report", instance: "B", tabs: [{ tab: "x", documentId: "d1", userId: "bo", name: "Bo", state: "viewing", since: T0, editingUntil: null }], at: T0 + PRESENCE_TTL_MS - 1 },
        { type: "tick", at: T0 + PRESENCE_TTL_MS + 1 },
      ],
      { users: [["Bo", "viewing", T0]], changes: [["d1"], [], []] },
    ],
    [
      "a report replaces what that instance held before (a tab it no longer has is gone)",
      [
        { type: "report", instance: "B", tabs: [{ tab: "x", documentId: "d1", userId: "bo", name: "Bo", state: "viewing", since: T0, editingUntil: null }], at: T0 },
        { type: "report", instance: "B", tabs: [], at: T0 + 1 },
      ],
      { users: [], changes: [["d1"], ["d1"]] },
    ],
    [
      "this instance's own tabs never expire by time, only by closing",
      [open("t1", "ann", "Ann"), { type: "tick", at: T0 + 10 * PRESENCE_TTL_MS }],
      { users: [["Ann", "viewing", T0]], changes: [["d1"], []] },
    ],
    ["a state for an unknown tab is ignored", [{ type: "set", instance: "A", tab: "nope", state: "editing", at: T0 }], { users: [], changes: [[]] }],
  ])("%s", (_name, inputs, expected) => {
    const { book, changes } = run(inputs);
    expect(usersOf(book, "d1").map((u) => [u.name, u.state, u.since])).toEqual(expected.users.map(([n, s, at]) => [n, s, iso(at)]));
    expect(changes).toEqual(expected.changes);
  });

  it("a tab moving to another document changes both", () => {
    const { changes, book } = run([open("t1", "ann", "Ann", T0, "d1"), open("t1", "ann", "Ann", T0 + 1, "d2")]);
    expect(changes[1]).toEqual(["d1", "d2"]);
    expect(usersOf(book, "d1")).toEqual([]);
    expect(usersOf(book, "d2").map((u) => u.name)).toEqual(["Ann"]);
  });

  it("an instance reports only its own tabs", () => {
    const { book } = run([open("t1", "ann", "Ann"), { type: "report", instance: "B", tabs: [{ tab: "x", documentId: "d1", userId: "bo", name: "Bo", state: "viewing", since: T0, editingUntil: null }], at: T0 }]);
    expect(localTabs(book, "A").map((t) => [t.tab, t.userId])).toEqual([["t1", "ann"]]);
    expect(localTabs(book, "B").map((t) => [t.tab, t.userId])).toEqual([["x", "bo"]]);
  });
});
