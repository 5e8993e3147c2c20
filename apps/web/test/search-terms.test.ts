import { SEARCH_MAX_TERMS } from "@tandem/contract";
import { fts5Match, parseMarked, pgTsQuery } from "@tandem/db";
import { describe, expect, it } from "vitest";
import { searchTerms } from "../src/features/documents/server/search-terms.ts";

describe("search text → words", () => {
  it.each([
    ["walrus", ["walrus"]],
    ["  Walrus   REPORT ", ["walrus", "report"]],
    ['"unbalanced', ["unbalanced"]],
    ['a "b c" d', ["a", "b", "c", "d"]],
    ["foo*", ["foo"]],
    ["-excluded +required", ["excluded", "required"]],
    ["NEAR(a b, 3)", ["near", "a", "b", "3"]],
    ["title:secret OR x AND y NOT z", ["title", "secret", "or", "x", "and", "y", "not", "z"]],
    ["a & b | !c <-> d", ["a", "b", "c", "d"]],
    ["'quoted' \\'esc", ["quoted", "esc"]],
    ["(((", []],
    ["*", []],
    ["", []],
    ["café naïve", ["café", "naïve"]],
    ["ｆｕｌｌｗｉｄｔｈ", ["fullwidth"]],
    ["日本語 テキスト", ["日本語", "テキスト"]],
    ["e-mail user@example.com", ["e", "mail", "user", "example", "com"]],
    ["dup Dup DUP", ["dup"]],
    ["x".repeat(100), ["x".repeat(64)]],
  ])("%j → %j", (q, words) => {
    expect(searchTerms(q)).toEqual(words);
  });

  it(`keeps at most ${SEARCH_MAX_TERMS} words`, () => {
    expect(searchTerms("a b c d e f g h i j k")).toEqual(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"].slice(0, SEARCH_MAX_TERMS));
  });
});

describe("words → index queries", () => {
  it.each([
    [["walrus"], '"walrus"*', "'walrus':*"],
    [["a", "b"], '"a"* "b"*', "'a':* & 'b':*"],
    [["café"], '"café"*', "'café':*"],
  ])("%j → FTS5 %s, tsquery %s", (terms, fts5, tsquery) => {
    expect(fts5Match(terms)).toBe(fts5);
    expect(pgTsQuery(terms)).toBe(tsquery);
  });
});

describe("marked snippet → text and ranges", () => {
  const S = "\uE000";
  const E = "\uE001";
  it.each([
    ["plain", { text: "plain", highlights: [] }],
    [`a ${S}walrus${E} b`, { text: "a walrus b", highlights: [[2, 8]] }],
    [`${S}x${E}${S}y${E}`, { text: "xy", highlights: [[0, 1], [1, 2]] }],
    [`<b>${S}tag${E}</b> &amp;`, { text: "<b>tag</b> &amp;", highlights: [[3, 6]] }],
    [`stray ${E} end`, { text: "stray  end", highlights: [] }],
    [`open ${S}never closed`, { text: "open never closed", highlights: [] }],
    [`${S}${S}nested${E}${E}`, { text: "nested", highlights: [[0, 6]] }],
    [`${S}${E}empty`, { text: "empty", highlights: [] }],
    [`😀 ${S}é${E}`, { text: "😀 é", highlights: [[3, 4]] }],
  ])("%j → %j", (marked, expected) => {
    expect(parseMarked(marked)).toEqual(expected);
  });
});
