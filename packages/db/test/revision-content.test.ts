import { inflateRawSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chainTooLong,
  decodeSnapshot,
  heldOf,
  inflateHeld,
  leadingParts,
  LineTable,
  lineDelta,
  MAX_DEPTH,
  partsAfter,
  planContent,
  plannedSnapshotVersion,
  reconstruct,
  RevisionCorruptError,
  Scratch,
  sha256Hex,
  SNAPSHOT_EVERY,
  snapshotParts,
  snapshotPlan,
  splitKeepingEnds,
  isChainHead,
  MAX_ROOT_DELTA,
  rootTextOf,
  type ChainRow,
} from "../src/revision-content.ts";

/** A text as a line table (a raw snapshot of it). */
const tableOf = (text: string) => LineTable.of(decodeSnapshot("d", { hash: sha256Hex(text), baseHash: null, codec: "raw", data: Buffer.from(text, "utf8") }));
const textOf = (table: LineTable) => {
  const text = table.bytesInto(new Scratch()).toString("utf8");
  expect(table.digest()).toBe(sha256Hex(text));
  return text;
};

// The storage model against the full-copy model it replaces: whatever was written as version
// n reads back as exactly that text, whichever way it was stored.

/** A store of one document's content rows, as the database keeps them (keyed by hash). */
function memoryStore() {
  const rows = new Map<string, ChainRow>();
  return {
    rows,
    /** Heads stored as deltas on their roots. */
    rootDeltas: 0,
    /** Stores `content` as the write path does, a chain head against its base's root. */
    write(content: string, version: number, base: string | null): string {
      const baseText = base === null ? null : { content: base, hash: sha256Hex(base) };
      const root = baseText && isChainHead(version) ? rootTextOf("d", this.chain(baseText.hash).at(-1)) : null;
      const plan = planContent(content, version, baseText, root);
      if (plan && root && plan.baseHash === root.hash) this.rootDeltas++;
      if (plan && !rows.has(plan.hash)) rows.set(plan.hash, { hash: plan.hash, baseHash: plan.baseHash, codec: plan.codec, data: plan.data });
      return sha256Hex(content);
    },
    chain(hash: string): ChainRow[] {
      const chain: ChainRow[] = [];
      for (let at: string | null = hash; at !== null; at = rows.get(at)!.baseHash) chain.push(rows.get(at)!);
      return chain;
    },
  };
}

const line = fc.oneof(fc.constantFrom("", "a", "b", "é ü", "🙂", "  indented", "\t"), fc.string({ maxLength: 6 }), fc.string({ unit: "grapheme", maxLength: 4 }));
const ending = fc.constantFrom("\n", "\r\n", "");
const text = fc.array(fc.tuple(line, ending).map(([l, e]) => l + e), { maxLength: 30 }).map((parts) => parts.join(""));
/** An edit: replace lines [start, start + remove) with some new text; or a whole new text. */
const edit = fc.oneof(
  { weight: 5, arbitrary: fc.record({ at: fc.nat(), remove: fc.nat({ max: 4 }), insert: text }) },
  { weight: 1, arbitrary: fc.record({ whole: text }) },
  { weight: 1, arbitrary: fc.constant({ revert: true as const }) },
);

function applyEdit(history: string[], e: { at: number; remove: number; insert: string } | { whole: string } | { revert: true }): string {
  const current = history.at(-1)!;
  if ("whole" in e) return e.whole;
  if ("revert" in e) return history[Math.floor(history.length / 2)]!;
  const lines = splitKeepingEnds(current);
  const at = lines.length === 0 ? 0 : e.at % (lines.length + 1);
  lines.splice(at, e.remove, e.insert);
  return lines.join("");
}

describe("revision content: line deltas", () => {
  it("split lines join back to the text byte for byte (CRLF, no final newline, astral characters)", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(splitKeepingEnds(t).join("")).toBe(t);
      }),
    );
    expect(splitKeepingEnds("a\r\nb\n\nc")).toEqual(["a\r\n", "b\n", "\n", "c"]);
    expect(splitKeepingEnds("")).toEqual([]);
  });

  it("a delta applied to its base gives the next text exactly", () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const table = tableOf(a);
        expect(table.lineCount).toBe(splitKeepingEnds(a).length);
        expect(textOf(table)).toBe(a);
        expect(textOf(table.apply(lineDelta(a, b)))).toBe(b);
        expect(table.lineCount).toBe(splitKeepingEnds(b).length);
      }),
    );
  });

  it("deltas in a row, on a table and on its clones, give each text exactly; a clone is independent", () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 8 }), (first, nexts) => {
        let table = tableOf(first);
        let previous = first;
        const seen: [LineTable, string][] = [[table, first]];
        for (const next of nexts) {
          table = table.clone().apply(lineDelta(previous, next));
          seen.push([table, next]);
          previous = next;
        }
        for (const [t, expected] of seen) expect(textOf(t)).toBe(expected);
      }),
    );
  });

  it("long lines of multi-byte characters read back exactly, whatever their offset", () => {
    for (const unit of ["é", "€", "😀", "a"]) {
      for (const offset of [0, 1, 2, 3]) {
        const line = "x".repeat(offset) + unit.repeat(50_000) + "\n";
        const text = line + "short\r\n" + line + "no final newline";
        const next = line + "changed\n" + line + "no final newline";
        expect(textOf(tableOf(text))).toBe(text);
        expect(textOf(tableOf(text).apply(lineDelta(text, next)))).toBe(next);
      }
    }
  });

  it("a multi-hunk delta applies from the end, each hunk against the base's numbering", () => {
    const base = "a\nb\nc\nd\ne";
    expect(textOf(tableOf(base).apply([[0, 1, "A1\nA2\n"], [2, 2, "between\n"], [3, 5, "tail"]]))).toBe("A1\nA2\nb\nbetween\nc\ntail");
  });

  it("a one-line edit is one hunk holding that line only", () => {
    const base = Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join("");
    const next = base.replace("line 500\n", "line five hundred\n");
    expect(lineDelta(base, next)).toEqual([[500, 501, "line five hundred\n"]]);
    expect(lineDelta(base, base)).toEqual([]);
  });

  it("a delta inserting more than 10,000 lines at once applies exactly", () => {
    const base = "head\n" + "old\n".repeat(5) + "tail";
    const next = "head\n" + Array.from({ length: 25_000 }, (_, i) => `new ${i}\n`).join("") + "tail";
    expect(textOf(tableOf(base).apply(lineDelta(base, next)))).toBe(next);
  });

  it("refuses a delta that reaches past its base, overlaps, or is not a change", () => {
    expect(() => tableOf("a\n").apply([[0, 2, "x"]])).toThrow(RangeError);
    expect(() => tableOf("a\nb\n").apply([[1, 1, "x"], [0, 1, "y"]])).toThrow(RangeError);
    expect(() => tableOf("a\n").apply([[-1, 0, "x"]])).toThrow(RangeError);
    expect(() => tableOf("a\n").apply([[0, 1, 5 as unknown as string]])).toThrow(RangeError);
    expect(() => tableOf("a\n").apply(["x" as unknown as [number, number, string]])).toThrow(RangeError);
  });
});

describe("revision content: storage plans", () => {
  // Stride SNAPSHOT_EVERY / 4: every fourth write is a chain head, stored against its root.
  it.each([1, SNAPSHOT_EVERY / 4])("random edit histories read back exactly as the full-copy model holds them (versions %i apart)", (stride) => {
    let rootDeltas = 0;
    fc.assert(
      fc.property(fc.tuple(fc.boolean(), text), fc.array(edit, { maxLength: 40 }), ([padded, start], edits) => {
        // Padded, an edit changes little of the text: heads are deltas on their roots.
        const first = padded ? `${"filler line\n".repeat(60)}${start}` : start;
        const store = memoryStore();
        const history = [first];
        const hashes = [store.write(first, 1, null)];
        for (const e of edits) {
          const next = applyEdit(history, e);
          hashes.push(store.write(next, history.length * stride, history.at(-1)!));
          history.push(next);
        }
        history.forEach((content, i) => {
          const chain = store.chain(hashes[i]!);
          expect(reconstruct("d", hashes[i]!, chain)).toBe(content);
          // As a read with the snapshot decoded already: its data left out.
          const snapshot = decodeSnapshot("d", chain.at(-1)!);
          expect(reconstruct("d", hashes[i]!, [...chain.slice(0, -1), { ...chain.at(-1)!, data: null }], snapshot)).toBe(content);
        });
        rootDeltas += store.rootDeltas;
      }),
      { numRuns: 300 },
    );
    // The histories reach what they are meant to test: heads stored on their roots.
    if (stride > 1) expect(rootDeltas).toBeGreaterThan(20);
    else expect(rootDeltas).toBe(0);
  });

  it("an unchanged content stores nothing; a first content, a multiple of SNAPSHOT_EVERY and a rewrite store snapshots", () => {
    const base = Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join("");
    const edited = base.replace("line 7\n", "line seven\n");
    const hash = sha256Hex(base);
    expect(planContent(base, 5, { content: base, hash })).toBeNull();
    expect(planContent(base, 1, null)?.baseHash).toBeNull();
    expect(planContent(edited, SNAPSHOT_EVERY - 1, { content: base, hash })?.baseHash).toBe(hash);
    expect(planContent(edited, SNAPSHOT_EVERY, { content: base, hash })?.baseHash).toBeNull();
    expect(planContent(edited, SNAPSHOT_EVERY + 1, { content: base, hash })?.baseHash).toBe(hash);
    const rewrite = Array.from({ length: 200 }, (_, i) => `other ${i}\n`).join("");
    const plan = planContent(rewrite, 3, { content: base, hash })!;
    expect(plan).toMatchObject({ baseHash: null, codec: "deflate", size: rewrite.length });
    expect(plan.data.length).toBe(snapshotPlan(rewrite).data.length);
  });

  describe("a chain head: a delta on its root (an intermediate snapshot) when little changed since, else a snapshot", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i}\n`);
    const root = { content: lines.join(""), hash: sha256Hex(lines.join("")) };
    const edited = (every: number) => lines.map((l, i) => (i % every === 0 ? `edited ${l}` : l)).join("");
    // The base is the version before the head; only the root matters to the head's row.
    const base = { content: edited(100), hash: sha256Hex(edited(100)) };
    const head = SNAPSHOT_EVERY * 3;

    it.each([
      { case: "scattered edits of 1 line in 40", content: edited(40), root, expected: "delta on root" },
      { case: "scattered edits of 1 line in 4 (more than MAX_ROOT_DELTA)", content: edited(4), root, expected: "snapshot" },
      { case: "no root known", content: edited(40), root: null, expected: "snapshot" },
      { case: "back to the root's own content", content: root.content, root, expected: "snapshot" },
      { case: "past the diff's budget", content: edited(40), root, budget: 10, expected: "snapshot" },
      { case: "not a head: against its base, root or not", content: base.content.replace("line 7\n", "line seven\n"), root, version: head + 1, expected: "delta on base" },
    ])("$case: $expected", ({ content, root: rootText, budget, version = head, expected }) => {
      const plan = planContent(content, version, base, rootText, budget === undefined ? {} : { rootDiffBudget: budget })!;
      const kind = plan.baseHash === null ? "snapshot" : plan.baseHash === root.hash ? "delta on root" : plan.baseHash === base.hash ? "delta on base" : plan.baseHash;
      expect(kind).toBe(expected);
      const chain: ChainRow[] = [{ hash: plan.hash, baseHash: plan.baseHash, codec: plan.codec, data: plan.data }];
      if (plan.baseHash === root.hash) chain.push({ ...snapshotPlan(root.content), baseHash: null });
      if (plan.baseHash === base.hash) chain.push({ ...snapshotPlan(base.content), baseHash: null });
      expect(reconstruct("d", sha256Hex(content), chain)).toBe(content);
    });

    it("holds one hunk per scattered edit, and no more than MAX_ROOT_DELTA of the content", () => {
      const plan = planContent(edited(40), head, base, root)!;
      const raw = plan.codec === "deflate" ? inflateRawSync(plan.data) : plan.data;
      const hunks = JSON.parse(raw.toString("utf8")) as [number, number, string][];
      expect(hunks.map(([start, end]) => [start, end])).toEqual(Array.from({ length: 10 }, (_, k) => [40 * k, 40 * k + 1]));
      expect(hunks.reduce((sum, [, , t]) => sum + t.length, 0)).toBeLessThanOrEqual(edited(40).length * MAX_ROOT_DELTA);
    });

    it("a root that does not check against its hash is none: the head is a snapshot", () => {
      const stored = snapshotPlan(root.content);
      expect(rootTextOf("d", { ...stored, baseHash: null })).toEqual(root);
      expect(rootTextOf("d", { ...stored, baseHash: null, hash: sha256Hex("other") })).toBeNull();
      expect(rootTextOf("d", { ...stored, baseHash: null, data: Buffer.from("not deflate") })).toBeNull();
      expect(rootTextOf("d", undefined)).toBeNull();
    });
  });

  it("a chain gets a snapshot past MAX_DEPTH deltas, or once its deltas outweigh the content", () => {
    expect([MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1].map((d) => chainTooLong(d, 10, 1000))).toEqual([false, false, true]);
    expect(chainTooLong(3, 256 * 1024, 10)).toBe(false);
    expect(chainTooLong(3, 256 * 1024 + 1, 10)).toBe(true);
    expect(chainTooLong(3, 2_000_000, 1_000_000)).toBe(false);
    expect(chainTooLong(3, 2_000_001, 1_000_000)).toBe(true);
  });

  it("a one-line edit of 1 MiB stores well under 16 KiB; a snapshot stores the compressed size", () => {
    const words = ["alpha", "beta", "gamma", "delta", "tandem", "revision", "storage", "line"];
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const lines: string[] = [];
    for (let size = 0; size < 1024 * 1024; ) {
      const l = Array.from({ length: 10 }, () => words[next() % words.length]).join(" ") + "\n";
      lines.push(l);
      size += l.length;
    }
    const base = lines.join("");
    lines[1234] = "an edited line\n";
    const plan = planContent(lines.join(""), 2, { content: base, hash: sha256Hex(base) })!;
    expect(plan).toMatchObject({ baseHash: sha256Hex(base), codec: "raw" });
    expect(plan.data.length).toBeLessThan(100);
    // A large delta is deflated.
    const spread = lines.map((l, i) => (i >= 100 && i <= 300 && i % 10 === 0 ? `changed ${l}` : l)).join("");
    const partial = planContent(spread, 3, { content: base, hash: sha256Hex(base) })!;
    expect(partial).toMatchObject({ baseHash: sha256Hex(base), codec: "deflate" });
  });
});

describe("revision content: where a read finds a snapshot, and how it fetches one", () => {
  it.each([
    { version: 1, planned: 1 },
    { version: SNAPSHOT_EVERY - 1, planned: 1 },
    { version: SNAPSHOT_EVERY, planned: SNAPSHOT_EVERY },
    { version: SNAPSHOT_EVERY + 1, planned: SNAPSHOT_EVERY },
    { version: 50 * SNAPSHOT_EVERY + SNAPSHOT_EVERY - 1, planned: 50 * SNAPSHOT_EVERY },
  ])("the snapshot planned for version $version is version $planned's content", ({ version, planned }) => {
    expect(plannedSnapshotVersion(version)).toBe(planned);
  });

  it.each([
    { length: 0, parts: [[1, 0]] },
    { length: 1, parts: [[1, 1]] },
    { length: 1000, parts: [[1, 1000]] },
    { length: 1000, partBytes: 400, parts: [[1, 334], [335, 334], [669, 332]] },
    { length: 1200, partBytes: 400, parts: [[1, 400], [401, 400], [801, 400]] },
    { length: 1201, partBytes: 400, parts: [[1, 301], [302, 301], [603, 301], [904, 298]] },
    { length: 100_000, partBytes: 400, parts: [[1, 25_000], [25_001, 25_000], [50_001, 25_000], [75_001, 25_000]] },
  ])("a snapshot of $length bytes, parts of up to $partBytes bytes: $parts", ({ length, partBytes, parts }) => {
    expect(snapshotParts(length, partBytes)).toEqual(parts);
  });

  it("parts cover every byte once, in order, for any length", () => {
    for (let length = 0; length < 5000; length += 37) {
      const parts = snapshotParts(length, 512);
      expect(parts.length).toBeLessThanOrEqual(4);
      let next = 1;
      for (const [from, count] of parts) {
        expect(from).toBe(next);
        next += count;
      }
      expect(next - 1).toBe(length);
    }
  });

  it.each([
    { partBytes: 100, count: 2, parts: [[1, 100], [101, 100]] },
    { partBytes: 96 * 1024, count: 2, parts: [[1, 98_304], [98_305, 98_304]] },
    { partBytes: 10, count: 3, parts: [[1, 10], [11, 10], [21, 10]] },
  ])("before the length is known: the first $count parts of $partBytes bytes", ({ partBytes, count, parts }) => {
    expect(leadingParts(partBytes, count)).toEqual(parts);
  });

  it.each([
    { length: 0, covered: 200, parts: [] },
    { length: 150, covered: 200, parts: [] },
    { length: 200, covered: 200, parts: [] },
    { length: 201, covered: 200, parts: [[201, 1]] },
    { length: 500, covered: 200, parts: [[201, 300]] },
    { length: 1400, covered: 200, partBytes: 400, parts: [[201, 400], [601, 400], [1001, 400]] },
    { length: 100_200, covered: 200, partBytes: 400, parts: [[201, 25_000], [25_201, 25_000], [50_201, 25_000], [75_201, 25_000]] },
  ])("$length bytes of which the first $covered came: then $parts", ({ length, covered, partBytes, parts }) => {
    expect(partsAfter(length, covered, partBytes)).toEqual(parts);
  });

  it("the leading parts (their part within the length) and the parts after them cover every byte once, in order", () => {
    const leading = leadingParts(100, 2);
    for (let length = 0; length < 3000; length += 13) {
      const within = leading.map(([from, count]): [number, number] => [from, Math.max(0, Math.min(count, length - (from - 1)))]).filter(([, count]) => count > 0);
      let next = 1;
      for (const [from, count] of [...within, ...partsAfter(length, 200, 300)]) {
        expect(from).toBe(next);
        next += count;
      }
      expect(next - 1).toBe(length);
    }
  });
});

describe("revision content: a snapshot held between reads", () => {
  const content = Array.from({ length: 3000 }, (_, i) => `line ${i} ü\n`).join("") + "no final newline\r\n";
  const plan = snapshotPlan(content);
  const row: ChainRow = { hash: plan.hash, baseHash: null, codec: plan.codec, data: plan.data };

  it("keeps the stored bytes, the text's size and the line starts; inflates back to exactly the text, checked as it was", async () => {
    const decoded = decodeSnapshot("d", row);
    const held = heldOf(row, decoded);
    expect(held.row.data).toBe(plan.data);
    expect(held.row.size).toBe(Buffer.byteLength(content));
    expect(held.lineStarts).toBe(decoded.lineStarts);
    const again = await inflateHeld("d", held);
    expect(again.bytes.toString("utf8")).toBe(content);
    expect(again.lineStarts).toBe(held.lineStarts);
    expect(again.checked).toBe(true);
    expect(reconstruct("d", plan.hash, [{ ...row, data: null }], again)).toBe(content);
  });

  it("one kept unchecked inflates unchecked: a read then checks what it rebuilds", async () => {
    const held = heldOf(row, decodeSnapshot("d", row, { check: false }));
    const again = await inflateHeld("d", held);
    expect(again.checked).toBe(false);
    expect(reconstruct("d", plan.hash, [{ ...row, data: null }], again)).toBe(content);
    expect(again.checked).toBe(true);
  });

  it("needs the stored data of the snapshot it decoded", () => {
    const decoded = decodeSnapshot("d", row);
    expect(() => heldOf({ ...row, data: null }, decoded)).toThrow(TypeError);
    expect(() => heldOf({ ...row, hash: sha256Hex("other") }, decoded)).toThrow(TypeError);
  });
});

describe("revision content: the rebuild's reused buffer", () => {
  it("a scratch buffer is reused and grown; a content past its bound gets a buffer of its own", () => {
    const scratch = new Scratch(64);
    const small = scratch.take(10);
    expect(scratch.take(10)).toBe(small);
    const grown = scratch.take(20);
    expect(grown).not.toBe(small);
    expect(grown.length).toBeGreaterThanOrEqual(20);
    expect(scratch.take(20)).toBe(grown);
    expect(scratch.take(64).length).toBe(64);
    const large = scratch.take(65);
    expect(large.length).toBe(65);
    expect(scratch.take(65)).not.toBe(large);
  });

  it("each rebuilt content is its own string: a later rebuild (smaller, larger, Unicode) leaves earlier ones intact", () => {
    const store = memoryStore();
    const body = Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join("");
    const tail = `${"a longer tail ".repeat(5)}\n`;
    const unicode = body.replace("line 25\n", "été\r\n🙂 line");
    const texts = [`${body}x\n`, `${body}${tail}`, `${unicode}${tail}`, unicode];
    let base: string | null = null;
    texts.forEach((t, i) => {
      store.write(t, i + 1, base);
      base = t;
    });
    // Rebuilt through deltas, so through the scratch buffer.
    for (const t of texts.slice(1)) expect(store.chain(sha256Hex(t)).length).toBeGreaterThan(1);
    const read = texts.map((t) => reconstruct("d", sha256Hex(t), store.chain(sha256Hex(t))));
    expect(read).toEqual(texts);
    expect(texts.map((t) => reconstruct("d", sha256Hex(t), store.chain(sha256Hex(t))))).toEqual(read);
  });
});

describe("revision content: corruption is detected, never returned", () => {
  const store = memoryStore();
  const a = store.write("one\ntwo\n", 1, null);
  const b = store.write("one\n2\n", 2, "one\ntwo\n");

  it("a changed byte fails the checksum", () => {
    const chain = store.chain(b);
    const snapshot = chain[1]!;
    const tampered = { ...snapshot, codec: "raw", data: Buffer.from("ONE\ntwo\n") };
    expect(() => reconstruct("d", b, [chain[0]!, tampered])).toThrow(RevisionCorruptError);
    expect(() => reconstruct("d", a, [{ ...snapshot, codec: "raw", data: Buffer.from("one\ntwo\n") }])).not.toThrow();
  });

  it("a snapshot inflates exactly whatever size its row claims (the size only sizes the buffer)", () => {
    const content = Array.from({ length: 5000 }, (_, i) => `line ${i}\n`).join("");
    const plan = snapshotPlan(content);
    const row = { hash: plan.hash, baseHash: null, codec: plan.codec, data: plan.data };
    for (const size of [undefined, -1, 0, 1, content.length - 1, content.length, content.length + 1, 10 * content.length, 2 ** 40]) {
      expect(decodeSnapshot("d", { ...row, size }).bytes.toString("utf8")).toBe(content);
    }
  });

  it("a snapshot decoded unchecked is checked through what is rebuilt from it, and named when it is the fault", () => {
    const [delta, snapshot] = store.chain(b) as [ChainRow, ChainRow];
    // Sound: the later content reads back and its check covers the snapshot's bytes it uses.
    const sound = decodeSnapshot("d", snapshot, { check: false });
    expect(sound.checked).toBe(false);
    expect(reconstruct("d", b, [delta, { ...snapshot, data: null }], sound)).toBe("one\n2\n");
    // Read as itself, it is hashed first.
    expect(reconstruct("d", a, [{ ...snapshot, data: null }], sound)).toBe("one\ntwo\n");
    expect(sound.checked).toBe(true);
    // Corrupt in a line the later content drops: what it rebuilds is still exactly its content
    // (its checksum says so); read as itself, the snapshot fails, named.
    const dropped = decodeSnapshot("d", { ...snapshot, codec: "raw", data: Buffer.from("one\nTWO\n") }, { check: false });
    expect(reconstruct("d", b, [delta, { ...snapshot, data: null }], dropped)).toBe("one\n2\n");
    expect(() => reconstruct("d", a, [{ ...snapshot, data: null }], dropped)).toThrow(RevisionCorruptError);
    // Corrupt in a line the later content keeps, or in its line count: each read fails, naming
    // the snapshot, not the delta or the content read.
    for (const bytes of ["ONE\ntwo\n", "one\ntwo\nthree\n"]) {
      const corrupt = decodeSnapshot("d", { ...snapshot, codec: "raw", data: Buffer.from(bytes) }, { check: false });
      const named = (read: () => unknown) => {
        const error = (() => {
          try {
            read();
          } catch (caught) {
            return caught;
          }
          return null;
        })();
        expect(error, bytes).toBeInstanceOf(RevisionCorruptError);
        expect((error as RevisionCorruptError).hash, bytes).toBe(a);
      };
      named(() => reconstruct("d", b, [delta, { ...snapshot, data: null }], corrupt));
      named(() => reconstruct("d", a, [{ ...snapshot, data: null }], corrupt));
    }
  });

  it("a missing base, a broken link, an unknown codec or garbage data is a RevisionCorruptError", () => {
    const [delta, snapshot] = store.chain(b) as [ChainRow, ChainRow];
    expect(() => reconstruct("d", b, [delta])).toThrow(/base .* is missing/);
    expect(() => reconstruct("d", b, [{ ...delta, baseHash: "f".repeat(64) }, snapshot])).toThrow(/broken chain/);
    expect(() => reconstruct("d", a, [{ ...snapshot, codec: "zstd" }])).toThrow(/unknown codec/);
    expect(() => reconstruct("d", a, [{ ...snapshot, data: Buffer.from("not deflate") }])).toThrow(RevisionCorruptError);
    expect(() => reconstruct("d", b, [{ ...delta, codec: "raw", data: Buffer.from("[[9,9,\"x\"]]") }, snapshot])).toThrow(/bad delta/);
    expect(() => reconstruct("d", a, [])).toThrow(/no stored content/);
    expect(() => reconstruct("d", a, [{ ...snapshot, data: null }])).toThrow(/no data/);
    expect(() => reconstruct("d", b, [delta, { ...snapshot, data: null }], decodeSnapshot("d", store.chain(a)[0]!))).not.toThrow();
  });
});
