import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatEntityTag, parseTagCondition, PreconditionSyntaxError, type EntityTag } from "../src/index.ts";

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
