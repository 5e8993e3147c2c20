import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as DraftsModule from "@/features/documents/client/drafts.ts";
import type { DraftRecord } from "@/features/documents/client/drafts.ts";
import { MemoryStorage } from "./support/memory-storage.ts";

// Drafts are keyed by account: the next person to sign in on a shared browser never gets
// someone else's unsaved text, and drafts from before accounts go to the next signed-in user.
// Each "tab" is a fresh import of the module with its own sessionStorage (its own tab id) over
// one shared localStorage.

type Drafts = typeof DraftsModule;

let local: MemoryStorage;

async function openTab(): Promise<Drafts> {
  vi.resetModules();
  vi.stubGlobal("sessionStorage", new MemoryStorage());
  return import("@/features/documents/client/drafts.ts");
}

const record = (content: string, docId = "doc-1"): DraftRecord => ({ docId, title: "Plan", content, baseVersion: 1, baseEtag: '"v1"' });
const draftKeys = () => local.keys().filter((k) => k.startsWith("tandem:draft:"));

beforeEach(() => {
  local = new MemoryStorage();
  vi.stubGlobal("localStorage", local);
  vi.useFakeTimers({ now: Date.parse("2026-11-30T10:00:00Z") });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("drafts keyed by account", () => {
  it("a draft comes back to the account that typed it, in the same tab (the sign-in round trip)", async () => {
    const tab = await openTab();
    tab.heartbeat();
    tab.saveDraft("ann", record("Ann's text"));
    expect(tab.loadDraft("ann", "doc-1")).toMatchObject({ content: "Ann's text" });
    expect(draftKeys()).toEqual([expect.stringMatching(/^tandem:draft:@ann:doc-1:/)]);
  });

  it("another account on the same browser never sees it, even once it is orphaned", async () => {
    const annTab = await openTab();
    annTab.heartbeat();
    annTab.saveDraft("ann", record("Ann's text"));
    annTab.releaseDrafts();
    const boTab = await openTab();
    expect(boTab.loadDraft("bo", "doc-1")).toBeNull();
    vi.advanceTimersByTime(60_000);
    expect(boTab.loadDraft("bo", "doc-1")).toBeNull();
    // Still there for Ann.
    expect(draftKeys()).toHaveLength(1);
    expect((await openTab()).loadDraft("ann", "doc-1")).toMatchObject({ content: "Ann's text" });
  });

  it("an orphan of the same account is adopted by the next tab, as before accounts", async () => {
    const crashed = await openTab();
    crashed.heartbeat();
    crashed.saveDraft("ann", record("typed before the crash"));
    const next = await openTab();
    expect(next.loadDraft("ann", "doc-1")).toBeNull(); // the other tab still looks alive
    vi.advanceTimersByTime(20_000);
    expect(next.loadDraft("ann", "doc-1")).toMatchObject({ content: "typed before the crash" });
    expect(draftKeys()).toHaveLength(1);
  });

  it("clearDraft removes only this account's draft of this tab", async () => {
    const tab = await openTab();
    tab.saveDraft("ann", record("Ann's"));
    tab.saveDraft("bo", record("Bo's"));
    tab.clearDraft("ann", "doc-1");
    expect(tab.loadDraft("ann", "doc-1")).toBeNull();
    expect(tab.loadDraft("bo", "doc-1")).toMatchObject({ content: "Bo's" });
  });

  it("ids with unusual characters are kept apart from document ids", async () => {
    const tab = await openTab();
    tab.saveDraft("a:b", record("x"));
    expect(draftKeys()[0]).toMatch(/^tandem:draft:@a%3Ab:doc-1:/);
    expect(tab.loadDraft("a", "doc-1")).toBeNull();
    expect(tab.loadDraft("a:b", "doc-1")).toMatchObject({ content: "x" });
  });
});

describe("drafts from before accounts (no owner)", () => {
  function legacy(tab: string, content: string, docId = "doc-1") {
    local.setItem(`tandem:draft:${docId}:${tab}`, JSON.stringify({ ...record(content, docId), tab }));
  }

  it("an orphaned one is adopted by the next signed-in user, and becomes theirs", async () => {
    legacy("old-tab", "typed before accounts");
    const tab = await openTab();
    expect(tab.loadDraft("ann", "doc-1")).toMatchObject({ content: "typed before accounts" });
    expect(draftKeys()).toEqual([expect.stringMatching(/^tandem:draft:@ann:doc-1:/)]);
    expect((await openTab()).loadDraft("bo", "doc-1")).toBeNull();
  });

  it("this tab's own one is adopted at once (a reload right after the upgrade)", async () => {
    const tab = await openTab();
    tab.heartbeat();
    legacy(sessionStorage.getItem("tandem:tab")!, "mine, typed before the upgrade");
    expect(tab.loadDraft("ann", "doc-1")).toMatchObject({ content: "mine, typed before the upgrade" });
    expect(draftKeys()).toHaveLength(1);
    expect(local.getItem(`tandem:alive:${sessionStorage.getItem("tandem:tab")}`)).not.toBeNull();
  });

  it("one still owned by a live tab (running the old page) is left to it", async () => {
    legacy("live-tab", "still being typed");
    local.setItem("tandem:alive:live-tab", String(Date.now()));
    const tab = await openTab();
    expect(tab.loadDraft("ann", "doc-1")).toBeNull();
    expect(draftKeys()).toEqual(["tandem:draft:doc-1:live-tab"]);
  });

  it("an account's own draft comes before an unowned one", async () => {
    legacy("old-tab", "unowned");
    const tab = await openTab();
    tab.saveDraft("ann", record("Ann's own"));
    expect(tab.loadDraft("ann", "doc-1")).toMatchObject({ content: "Ann's own" });
    expect(draftKeys()).toContain("tandem:draft:doc-1:old-tab");
  });

  it("with no account known, drafts are kept unowned (never dropped) and go to the next account", async () => {
    const tab = await openTab();
    tab.saveDraft(null, record("typed while nobody was known"));
    expect(draftKeys()).toEqual([expect.stringMatching(/^tandem:draft:doc-1:/)]);
    expect(tab.loadDraft(null, "doc-1")).toMatchObject({ content: "typed while nobody was known" });
    expect(tab.loadDraft("ann", "doc-1")).toMatchObject({ content: "typed while nobody was known" });
  });

  it("only the document asked for is adopted", async () => {
    legacy("old-tab", "other document", "doc-2");
    const tab = await openTab();
    expect(tab.loadDraft("ann", "doc-1")).toBeNull();
    expect(draftKeys()).toEqual(["tandem:draft:doc-2:old-tab"]);
  });
});
