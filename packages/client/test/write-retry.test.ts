import { describe, expect, it } from "vitest";
import { ConflictError, DocumentsClient, GoneError, MAX_ATTEMPTS, MergeConflictError, NetworkError, ServerError, TandemHttpError } from "../src/index.ts";
import { errorFor } from "../src/errors.ts";
import { nextStep, outcomeOf, type AttemptOutcome, type AttemptState, type NextStep } from "../src/write-retry.ts";

const answered: AttemptOutcome = { kind: "answered" };
const stale: AttemptOutcome = { kind: "stale", replayed: false };
const staleReplayed: AttemptOutcome = { kind: "stale", replayed: true };
const refused: AttemptOutcome = { kind: "refused" };
const lost: AttemptOutcome = { kind: "lost" };
const unsent: AttemptOutcome = { kind: "unsent" };

/** attempt, maxAttempts, resending, rebases (update()), outcome → step. */
const TABLE: [number, number, boolean, boolean, AttemptOutcome, NextStep][] = [
  // An answer is the write's, fresh or replayed, whatever came before.
  [1, 8, false, false, answered, "return"],
  [3, 8, true, false, answered, "return"],
  [8, 8, true, true, answered, "return"],
  [1, 8, false, false, refused, "throw"],
  [5, 8, true, false, refused, "throw"],
  [8, 8, true, true, refused, "throw"],
  // No answer: the same request again while attempts remain, then the outcome is unknown.
  [1, 8, false, false, lost, "resend"],
  [7, 8, true, false, lost, "resend"],
  [8, 8, true, false, lost, "unknown"],
  [1, 1, false, false, lost, "unknown"],
  [1, 8, false, true, lost, "resend"],
  [8, 8, true, true, lost, "unknown"],
  // A 412 to a first copy: the write's answer; update() writes again against the newer state.
  [1, 8, false, false, stale, "throw"],
  [1, 8, false, true, stale, "rewrite"],
  [7, 8, false, true, stale, "rewrite"],
  [8, 8, false, true, stale, "give-up"],
  // A 412 to a resend: a replay is the first copy's own refusal; a fresh one may be its doing.
  [2, 8, true, false, staleReplayed, "throw"],
  [2, 8, true, true, staleReplayed, "rewrite"],
  [8, 8, true, true, staleReplayed, "give-up"],
  [2, 8, true, false, stale, "unknown"],
  [2, 8, true, true, stale, "unknown"],
  [8, 8, true, false, stale, "unknown"],
  // update()'s read failed: nothing was written, so read and write anew, or give up.
  [1, 8, false, true, unsent, "rewrite"],
  [8, 8, false, true, unsent, "give-up"],
  [3, 8, true, true, unsent, "resend"],
  [8, 8, true, true, unsent, "unknown"],
];

describe("nextStep(state, outcome): what a write does after an attempt", () => {
  it.each(TABLE)("attempt %i of %i, resending %s, rebases %s, %o → %s", (attempt, maxAttempts, resending, rebases, outcome, step) => {
    const state: AttemptState = { attempt, maxAttempts, resending, rebases };
    expect(nextStep(state, outcome)).toBe(step);
  });
});

describe("outcomeOf(error): how an attempt that threw ended", () => {
  const problem = (status: number, extra: object = {}) => ({ type: "t", title: "t", status, detail: "d", code: "c", ...extra });
  const doc = { id: "a", title: "t", content: "c", version: 3, createdAt: "", updatedAt: "", updatedBy: "Bo", updatedById: null, summary: null };
  const OUTCOMES: [string, unknown, AttemptOutcome][] = [
    ["a network failure", new NetworkError(new Error("ECONNRESET")), lost],
    ["502", errorFor(502, problem(502), null), lost],
    ["503", errorFor(503, problem(503), null), lost],
    ["504", errorFor(504, problem(504), null), lost],
    ["409 idempotency-key-in-use", errorFor(409, problem(409, { code: "idempotency-key-in-use" }), null), lost],
    ["412 with the current document", errorFor(412, problem(412, { current: doc }), '"3.x"'), stale],
    ["412 replayed", errorFor(412, problem(412, { current: doc }), '"3.x"', true), staleReplayed],
    ["412 on a deleted document", errorFor(412, problem(412, { current: null, deleted: { version: 4, deletedAt: null, deletedBy: "Eve" } }), null), refused],
    ["409 merge conflict", errorFor(409, problem(409, { code: "conflict", current: doc, conflicts: { title: [], content: [] } }), '"3.x"'), refused],
    ["409 patch-does-not-apply", errorFor(409, problem(409, { code: "patch-does-not-apply" }), null), refused],
    ["410", errorFor(410, problem(410), null), refused],
    ["422 idempotency-key-mismatch", errorFor(422, problem(422, { code: "idempotency-key-mismatch" }), null), refused],
    ["500", errorFor(500, problem(500), null), refused],
    ["the caller's abort", new DOMException("aborted", "AbortError"), refused],
    ["a malformed body", new SyntaxError("Unexpected end of JSON input"), refused],
  ];
  it.each(OUTCOMES)("%s", (_name, error, outcome) => {
    expect(outcomeOf(error)).toEqual(outcome);
  });

  it("errorFor keeps whether the answer was a replay", () => {
    expect(errorFor(412, problem(412, { current: doc }), '"3.x"', true)).toMatchObject({ replayed: true });
    expect(errorFor(412, problem(412, { current: doc }), '"3.x"')).toMatchObject({ replayed: false });
    for (const error of [errorFor(410, problem(410), null, true), errorFor(503, problem(503), null, true), errorFor(400, problem(400), null, true)]) {
      expect(error).toBeInstanceOf(TandemHttpError);
      expect(error.replayed).toBe(true);
    }
    expect(errorFor(410, problem(410), null)).toBeInstanceOf(GoneError);
    expect(errorFor(503, problem(503), null)).toBeInstanceOf(ServerError);
    expect(errorFor(412, problem(412), null)).toBeInstanceOf(ConflictError);
  });

  it("a merge conflict's `conflicts` are the problem body's, per field", () => {
    const chunk = { kind: "conflict" as const, id: "c1", base: ["a\n"], mine: ["b\n"], theirs: ["c\n"], baseStart: 0, mineStart: 0, theirsStart: 0, eol: "\n" as const };
    const error = errorFor(409, problem(409, { code: "conflict", current: doc, conflicts: { title: [], content: [chunk] } }), '"3.x"') as MergeConflictError;
    expect(error).toBeInstanceOf(MergeConflictError);
    expect(error.conflicts).toEqual({ title: [], content: [chunk] });
  });
});

describe("every write's options", () => {
  it("maxAttempts must fit the server's X-Tandem-Retry bound, as update()'s does", async () => {
    const client = new DocumentsClient({ baseUrl: "http://127.0.0.1:9", fetch: () => Promise.reject(new Error("no request expected")) });
    const input = { title: "t", content: "c" };
    for (const maxAttempts of [0, 1.5, MAX_ATTEMPTS + 1, Infinity]) {
      const options = { maxAttempts, ifMatch: '"1.x"' };
      await expect(client.create(input, options)).rejects.toBeInstanceOf(RangeError);
      await expect(client.createWithId("d", input, options)).rejects.toBeInstanceOf(RangeError);
      await expect(client.replace("d", input, options)).rejects.toBeInstanceOf(RangeError);
      await expect(client.patch("d", input, options)).rejects.toBeInstanceOf(RangeError);
      await expect(client.patchDiff("d", "", options)).rejects.toBeInstanceOf(RangeError);
      await expect(client.remove("d", options)).rejects.toBeInstanceOf(RangeError);
    }
  });
});
