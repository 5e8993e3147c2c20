import { TandemHttpError, type Problem } from "@tandem/client";
import type { Me, Member } from "@tandem/contract";
import { describe, expect, it } from "vitest";
import { accessOf, ownersPhrase } from "@/features/sharing/client/access.ts";
import { NO_ACCOUNT_MESSAGE, shareErrorMessage } from "@/features/sharing/client/share-errors.ts";

// What the editor shows each role (the client side of the access rules), and how sharing
// failures read.

const member = (userId: string, name: string, role: Member["role"]): Member => ({ userId, name, email: `${name.toLowerCase()}@example.com`, role });
const MEMBERS = [member("u-ann", "Ann", "owner"), member("u-bo", "Bo", "editor"), member("u-cy", "Cy", "viewer")];
const me = (id: string, isAdmin = false): Me => ({ id, email: `${id}@example.com`, name: id, isAdmin });

describe("accessOf: the caller's role among the members", () => {
  it.each<[string, Me, Partial<ReturnType<typeof accessOf>>]>([
    ["the owner edits, deletes, shares, sees the activity", me("u-ann"), { role: "owner", canEdit: true, canDelete: true, canShare: true, canAudit: true }],
    ["an editor edits only", me("u-bo"), { role: "editor", canEdit: true, canDelete: false, canShare: false, canAudit: false }],
    ["a viewer reads only", me("u-cy"), { role: "viewer", canEdit: false, canDelete: false, canShare: false, canAudit: false }],
    ["an admin who is no member: the activity, not the text", me("u-admin", true), { role: null, canEdit: false, canDelete: false, canShare: false, canAudit: true }],
    ["an admin who is a viewer stays a viewer, but sees the activity", me("u-cy", true), { role: "viewer", canEdit: false, canDelete: false, canShare: false, canAudit: true }],
  ])("%s", (_name, caller, expected) => {
    expect(accessOf(caller, MEMBERS)).toMatchObject(expected);
  });

  it("names the owners", () => {
    expect(accessOf(me("u-cy"), MEMBERS).owners.map((o) => o.name)).toStrictEqual(["Ann"]);
  });
});

describe("ownersPhrase: whom a viewer asks", () => {
  it.each<[Member[], string]>([
    [[MEMBERS[0]!], "Ann (ann@example.com)"],
    [[MEMBERS[0]!, member("u-di", "Di", "owner")], "Ann (ann@example.com) or Di (di@example.com)"],
    [[MEMBERS[0]!, member("u-di", "Di", "owner"), member("u-ed", "Ed", "owner")], "Ann (ann@example.com), Di (di@example.com) or Ed (ed@example.com)"],
    [[], "the owner"],
  ])("%#", (owners, phrase) => {
    expect(ownersPhrase(owners)).toBe(phrase);
  });
});

describe("shareErrorMessage", () => {
  const problem = (status: number, detail: string): Problem => ({ type: "about:blank", title: "t", status, detail, code: "c" });
  it.each<[string, "invite" | "change" | "remove", unknown, string]>([
    ["an invite of an email without an account", "invite", new TandemHttpError(422, problem(422, "no such account")), NO_ACCOUNT_MESSAGE],
    ["a non-owner", "change", new TandemHttpError(403, problem(403, "forbidden")), "Only the owner can share this document."],
    ["the owner cannot be removed: the server says why", "remove", new TandemHttpError(409, problem(409, "The owner cannot be removed.")), "The owner cannot be removed."],
    ["no answer", "invite", new TypeError("fetch failed"), "Could not reach the server: fetch failed"],
  ])("%s", (_name, action, error, message) => {
    expect(shareErrorMessage(action, error)).toBe(message);
  });
});
