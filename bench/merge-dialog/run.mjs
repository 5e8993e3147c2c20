// bench/merge-dialog: how long after the 412 the merge dialog is open and fully rendered,
// in headless Chromium against the built app. `pnpm bench:merge-dialog [--runs 5]`
//   baseline: a 50-line document with 1 conflict
//   target:   a 5,000-line document with 50 conflicts — ≤ 300 ms from the 412 to the dialog
// Each run is a fresh browser context (cold: the lazily loaded dialog chunk is fetched too).
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, signUp, startServer } from "../../packages/testkit/dist/index.js";
import { pasteText } from "../../e2e/support/editor-dom.mjs";
import { machine, table } from "../machine.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = createRequire(path.join(here, "..", "..", "e2e", "package.json"))("@playwright/test");
const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const RUNS = Number(values.runs);
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"];

// In the page: stamp the moment a 412 arrives and the moment the dialog holds every conflict.
const PROBE = () => {
  const original = window.fetch.bind(window);
  window.fetch = async (...args) => {
    const res = await original(...args);
    if (res.status === 412 && window.__t412 === undefined) window.__t412 = performance.now();
    return res;
  };
  new MutationObserver(() => {
    if (window.__tDialog !== undefined || window.__t412 === undefined) return;
    const dialog = document.querySelector("dialog[open]");
    const cards = dialog?.querySelectorAll("[data-conflict-id]").length ?? 0;
    if (cards === window.__expectConflicts) requestAnimationFrame(() => (window.__tDialog = performance.now()));
  }).observe(document, { subtree: true, childList: true, attributes: true });
};

function documentText(lines, conflicts, tag) {
  const out = [];
  const every = Math.floor(lines / conflicts);
  for (let i = 0; i < lines; i++) out.push(i % every === every / 2 && tag ? `line ${i} changed by ${tag}\n` : `line ${i}: the quick brown fox jumps over the lazy dog\n`);
  return out.join("");
}

/** The user in the browser (signed in by their cookie) and another writer with a token. */
let me;
let them;

async function measure(browser, base, lines, conflicts) {
  const created = await fetch(`${base}/api/documents`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${me.token}` }, body: JSON.stringify({ title: "bench", content: documentText(lines, conflicts, null) }) });
  const doc = await created.json();
  const share = await fetch(`${base}/api/documents/${doc.id}/members/${encodeURIComponent(them.email)}`, { method: "PUT", headers: { "content-type": "application/json", authorization: `Bearer ${me.token}` }, body: JSON.stringify({ role: "editor" }) });
  if (share.status !== 201) throw new Error(`share failed: ${share.status}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const [name, value] = me.cookie.split(/=(.*)/s);
  await context.addCookies([{ name, value, url: base, httpOnly: true, sameSite: "Lax" }]);
  await context.addInitScript(PROBE);
  await context.addInitScript((n) => (window.__expectConflicts = n), conflicts);
  const page = await context.newPage();
  await page.goto(`${base}/documents/${doc.id}`);
  await page.getByLabel("Content").waitFor();
  // A user reads before typing: the idle-time prefetch of the merge chunks has happened.
  await page.waitForLoadState("networkidle");
  // As a paste would (typing a 260 KB text key by key through Playwright takes minutes and
  // measures nothing useful): select all, then one paste event into the editor.
  await page.getByLabel("Content").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.getByLabel("Content").evaluate(pasteText, documentText(lines, conflicts, "me"));
  await page.getByText("Unsaved changes").waitFor();
  const etag = created.headers.get("etag");
  const theirs = await fetch(`${base}/api/documents/${doc.id}`, { method: "PUT", headers: { "content-type": "application/json", "if-match": etag, authorization: `Bearer ${them.token}` }, body: JSON.stringify({ title: "bench", content: documentText(lines, conflicts, "them") }) });
  if (theirs.status !== 200) throw new Error(`setup write failed: ${theirs.status}`);
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForFunction(() => window.__tDialog !== undefined, null, { timeout: 30_000 });
  const ms = await page.evaluate(() => window.__tDialog - window.__t412);
  await context.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const db = await createTestDatabase("sqlite");
const server = await startServer({ databaseUrl: db.url });
me = await signUp(server.baseUrl, { name: "Me" });
them = await signUp(server.baseUrl, { name: "Them" });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS });
try {
  await measure(browser, server.baseUrl, 50, 1); // warm the server's routes
  const scenarios = [
    ["50 lines, 1 conflict (baseline)", 50, 1],
    ["5,000 lines, 50 conflicts", 5000, 50],
  ];
  const rows = [];
  let baseline = 0;
  for (const [name, lines, conflicts] of scenarios) {
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await measure(browser, server.baseUrl, lines, conflicts));
    const med = median(times);
    if (!baseline) baseline = med;
    rows.push([name, `${med.toFixed(0)} ms`, `${Math.max(...times).toFixed(0)} ms`, (med / baseline).toFixed(2), lines === 5000 ? (med <= 300 ? "≤ 300 ms: met" : "≤ 300 ms: MISSED") : ""]);
  }
  console.log(`bench/merge-dialog — ${RUNS} cold runs each, 412 → dialog open with every conflict rendered\nmachine: ${machine()}\n`);
  console.log(table(["scenario", "median", "max", "× baseline", "target"], rows));
} finally {
  await browser.close();
  await server.stop();
  await db.drop();
}
