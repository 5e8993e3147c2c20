import { describe, expect, it } from "vitest";
import { MigrationChecksumError, providerOf, redact, sqlitePath } from "../src/index.ts";
import { plan } from "../src/result.ts";

const file = (name: string, checksum = `sum-${name}`) => ({ name, checksum });

describe("plan(files, recorded)", () => {
  it("lists unrecorded migrations as pending, in the files' order", () => {
    const result = plan([file("1_a"), file("2_b"), file("3_c")], [{ name: "1_a", checksum: "sum-1_a" }]);
    expect(result.pending.map((f) => f.name)).toEqual(["2_b", "3_c"]);
    expect(result.alreadyApplied).toEqual(["1_a"]);
    expect(result.unknown).toEqual([]);
  });

  it("reports recorded migrations this build does not have", () => {
    expect(plan([file("1_a")], [{ name: "1_a", checksum: "sum-1_a" }, { name: "2_new", checksum: "x" }]).unknown).toEqual(["2_new"]);
  });

  it("refuses a migration that was edited after it was applied", () => {
    expect(() => plan([file("1_a", "edited")], [{ name: "1_a", checksum: "original" }])).toThrow(MigrationChecksumError);
  });
});

describe("providerOf(url)", () => {
  it.each([
    ["file:./data/x.db", "sqlite"],
    ["file:/abs/x.db", "sqlite"],
    ["postgresql://u@h:5432/db", "postgresql"],
    ["postgres://u@h/db", "postgresql"],
  ])("%s → %s", (url, provider) => {
    expect(providerOf(url)).toBe(provider);
  });

  it("refuses other URLs without echoing a password", () => {
    expect(() => providerOf("mysql://u:secret@h/db")).toThrow(/file: \(SQLite\) or postgresql/);
    expect(() => providerOf("mysql://u:secret@h/db")).not.toThrow(/secret/);
  });

  it("reads the SQLite path and hides passwords", () => {
    expect(sqlitePath("file:./data/x.db?mode=rwc")).toBe("./data/x.db");
    expect(redact("postgresql://tandem:hunter2@db:5432/x")).toBe("postgresql://tandem:***@db:5432/x");
  });
});
