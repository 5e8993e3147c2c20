import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatEntityTag, parseTagCondition, PreconditionSyntaxError, TAG_CONDITION_LIMITS, type EntityTag } from "../src/index.ts";

const strong = (opaque: string): EntityTag => ({ weak: false, opaque });
const weak = (opaque: string): EntityTag => ({ weak: true, opaque });

describe("parseTagCondition (RFC 9110 §8.8.3, §13.1.1, §13.1.2)", () => {
  it.each([
    ['"abc"', [strong("abc")]],
    ['W/"abc"', [weak("abc")]],
    ['""', [strong("")]],
    ['"a", "b"', [strong("a"), strong("b")]],
    ['"a",W/"b" ,  "c"', [strong("a"), weak("b"), strong("c")]],
    [' \t"a"\t ', [strong("a")]],
    [', "a",, "b" ,', [strong("a"), strong("b")]],
    ['"a,b"', [strong("a,b")]],
    ['"W/x"', [strong("W/x")]],
    ['"7.Zx-_~!#$%&()*+/:;<=>?@[]^`{|}"', [strong("7.Zx-_~!#$%&()*+/:;<=>?@[]^`{|}")]],
    ['"caf\u00e9"', [strong("caf\u00e9")]],
  ])("parses %j", (value, tags) => {
    expect(parseTagCondition(value, "If-Match")).toEqual({ any: false, tags });
  });

  it.each(["*", " * ", "\t*"])("parses %j as any", (value) => {
    expect(parseTagCondition(value, "If-Match")).toEqual({ any: true });
  });

  it("returns null when the header is absent", () => {
    expect(parseTagCondition(null, "If-Match")).toBeNull();
    expect(parseTagCondition(undefined, "If-Match")).toBeNull();
  });

  it.each([
    ["", "no entity-tag"],
    [" , ,", "no entity-tag"],
    ["abc", "expected a quoted entity-tag"],
    ['"abc', "unterminated"],
    ['"a" "b"', 'expected ","'],
    ['"a"b', 'expected ","'],
    ['w/"a"', "expected a quoted entity-tag"],
    ['W /"a"', "expected a quoted entity-tag"],
    ['W/ "a"', "expected a quoted entity-tag"],
    ['"a", *', '"*" must stand alone'],
    ["*, *", '"*" must stand alone'],
    ['"a b"', "outside"],
    ['"a\tb"', "outside"],
    ['"a\u0000"', "outside"],
    ['"\u20ac"', "outside"],
    ["'a'", "expected a quoted entity-tag"],
  ])("rejects %j", (value, message) => {
    expect(() => parseTagCondition(value, "If-None-Match")).toThrowError(PreconditionSyntaxError);
    expect(() => parseTagCondition(value, "If-None-Match")).toThrowError(message);
  });

  it("names the header in its error", () => {
    expect(() => parseTagCondition("nope", "If-None-Match")).toThrowError(/If-None-Match/);
  });

  const etagc = fc
    .integer({ min: 0x21, max: 0xff })
    .filter((c) => c !== 0x22 && (c <= 0x7e || c >= 0x80))
    .map((c) => String.fromCharCode(c));
  const tag = fc.record({ weak: fc.boolean(), opaque: fc.string({ unit: etagc, maxLength: 20 }) });
  const ows = fc.constantFrom("", " ", "\t", "  ");

  it("round-trips any list of tags joined with any optional whitespace (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(tag, ows, ows), { minLength: 1, maxLength: 8 }), (items) => {
        const value = items.map(([t, a, b]) => `${a}${formatEntityTag(t)}${b}`).join(",");
        expect(parseTagCondition(value, "If-Match")).toEqual({ any: false, tags: items.map(([t]) => t) });
      }),
    );
  });

  it("never throws anything but PreconditionSyntaxError on arbitrary input (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (value) => {
        try {
          const parsed = parseTagCondition(value, "If-Match");
          expect(parsed).not.toBeNull();
        } catch (error) {
          expect(error).toBeInstanceOf(PreconditionSyntaxError);
        }
      }),
    );
  });
});

describe("parseTagCondition bounds (a hostile header costs microseconds)", () => {
  it("refuses a value longer than the limit, and a list with more tags than the limit", () => {
    const max = TAG_CONDITION_LIMITS.maxTags;
    const list = (count: number) => Array.from({ length: count }, (_, i) => `"${i}"`).join(", ");
    expect(parseTagCondition(list(max), "If-None-Match")).toMatchObject({ any: false, tags: expect.arrayContaining([strong(String(max - 1))]) });
    expect(() => parseTagCondition(list(max + 1), "If-None-Match")).toThrow(/more than 64 entity-tags/);
    expect(() => parseTagCondition(`"${"x".repeat(TAG_CONDITION_LIMITS.maxLength)}"`, "If-Match")).toThrow(/longer than 8192 characters/);
    expect(parseTagCondition(`"${"x".repeat(TAG_CONDITION_LIMITS.maxLength - 2)}"`, "If-Match")).toEqual({ any: false, tags: [strong("x".repeat(TAG_CONDITION_LIMITS.maxLength - 2))] });
  });

  // The shape that made the old trim regex quadratic: a letter, a long run of spaces, a letter.
  const hostile = (n: number) => `a${" ".repeat(n)}a`;
  const unbounded = { maxLength: Number.MAX_SAFE_INTEGER, maxTags: Number.MAX_SAFE_INTEGER };

  function cost(value: string): number {
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const started = process.hrtime.bigint();
      expect(() => parseTagCondition(value, "If-None-Match", unbounded)).toThrow(PreconditionSyntaxError);
      best = Math.min(best, Number(process.hrtime.bigint() - started));
    }
    return best;
  }

  it("takes time linear in the value's length (8× the input costs far less than 64×)", () => {
    cost(hostile(1_000)); // warm-up
    const small = cost(hostile(50_000));
    const large = cost(hostile(400_000));
    expect(large / small).toBeLessThan(24);
  });
});
