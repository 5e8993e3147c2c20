// npm run demo:conflict — a recorded multi-tab conflict demo in headless Chromium.
// Starts the built app on a throwaway SQLite database (or reuses one at DEMO_URL), then two
// people sign up in two browser contexts, Ann shares a document with Bo, and they go through: a
// clean automatic merge, a true conflict resolved in the merge dialog (which names Ann), a
// stale-version warning between two tabs of Ann's, and a reload that restores a draft. Writes numbered screenshots and an index.html walkthrough to demo-output/.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { drawnText, pasteText } from "../support/editor-dom.mjs";
import { ensurePnpm, installDependencies, log, ROOT, run } from "../../scripts/lib.mjs";

const OUT = path.join(ROOT, "demo-output");
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"];

async function healthy(url) {
  return fetch(`${url}/api/health`).then((r) => r.ok, () => false);
}

async function startApp() {
  const reuse = process.env.DEMO_URL ?? "http://127.0.0.1:3000";
  if (await healthy(reuse)) {
    log(`reusing the app at ${reuse}`);
    return { url: reuse, stop: async () => {} };
  }
  const env = ensurePnpm();
  installDependencies(env);
  run("pnpm", ["exec", "turbo", "run", "build", "--filter=@tandem/web...", "--output-logs=errors-only"], { env });
  const dir = mkdtempSync(path.join(tmpdir(), "tandem-demo-"));
  const port = process.env.DEMO_PORT ?? "3400";
  const child = spawn(process.execPath, [path.join(ROOT, "apps/web/dist-server/server/main.js")], {
    cwd: path.join(ROOT, "apps/web"),
    env: { ...env, NODE_ENV: "production", DATABASE_URL: `file:${path.join(dir, "demo.db")}`, PORT: port, HOST: "127.0.0.1" },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300 && !(await healthy(url)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await healthy(url))) throw new Error("the app did not start");
  log(`started the app at ${url}`);
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Replaces the editor's text (select all, then paste: CodeMirror is a contenteditable). */
async function typeContent(page, text) {
  await page.getByLabel("Content").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.getByLabel("Content").evaluate(pasteText, text);
}

const steps = [];
async function shot(page, caption) {
  const file = `${String(steps.length + 1).padStart(2, "0")}-${caption.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 50)}.png`;
  await page.screenshot({ path: path.join(OUT, file) });
  steps.push({ file, caption });
  log(`${file}  ${caption}`);
}

const runId = Date.now().toString(36);

/** A person in their own browser context, signed up through the sign-up page. */
async function user(browser, url, name) {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 760 } });
  const page = await context.newPage();
  const email = `${name.toLowerCase()}-${runId}@example.com`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(`demo-password-${runId}`);
  if (name === "Ann") await shot(page, "Ann creates the first account (she becomes the admin)");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-up"));
  await page.close();
  return { context, email, name };
}

async function open(page, id) {
  await page.goto(`/documents/${id}`);
  await page.getByLabel("Content").waitFor();
}

/** A document of `owner`'s, created with their session (a same-origin request, as the app's). */
async function seed(owner, url, title, content) {
  const res = await owner.context.request.post("/api/documents", { data: { title, content }, headers: { origin: url } });
  if (res.status() !== 201) throw new Error(`seeding failed: ${res.status()} ${await res.text()}`);
  return (await res.json()).id;
}

/** The owner shares through the Share dialog, as a person would. */
async function share(page, email) {
  await page.getByRole("button", { name: "Share" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption({ label: "Can edit" });
  await dialog.getByRole("button", { name: "Invite" }).click();
  await dialog.getByText(email).waitFor();
  await shot(page, "Ann shares the plan with Bo: Can edit");
  await page.keyboard.press("Escape");
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const app = await startApp();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS });
try {
  const annUser = await user(browser, app.url, "Ann");
  const boUser = await user(browser, app.url, "Bo");
  const ann = annUser.context;
  const bo = boUser.context;

  // 1. Clean automatic merge: Ann renames, Bo edits the body; both saves land.
  const plan = await seed(annUser, app.url, "Launch plan", "Goals\n- ship the beta\n- invite 50 users\n\nRisks\n- servers\n- support load\n");
  const annTab = await ann.newPage();
  const boWin = await bo.newPage();
  await open(annTab, plan);
  await share(annTab, boUser.email);
  await open(boWin, plan);
  await annTab.getByLabel("Title").fill("Launch plan (Q3)");
  await typeContent(boWin, "Goals\n- ship the beta\n- invite 50 users\n\nRisks\n- servers\n- support load\n- docs not ready\n");
  await shot(boWin, "Ann and Bo edit different parts of the same version");
  await annTab.getByRole("button", { name: "Save" }).click();
  await annTab.getByText("Saved · v2").waitFor();
  await boWin.getByRole("button", { name: "Save" }).click();
  await boWin.getByText("Saved · v3").waitFor();
  await shot(boWin, "Bo's save met Ann's newer version and merged automatically");

  // 2. A true conflict, resolved in the dialog.
  await annTab.reload();
  await annTab.getByLabel("Content").waitFor();
  await typeContent(annTab, "Goals\n- ship the beta on June 3\n- invite 50 users\n\nRisks\n- servers\n- support load\n- docs not ready\n");
  await typeContent(boWin, "Goals\n- ship the beta after the security review\n- invite 50 users\n\nRisks\n- servers\n- support load\n- docs not ready\n");
  await annTab.getByRole("button", { name: "Save" }).click();
  await annTab.getByText("Saved · v4").waitFor();
  await boWin.getByRole("button", { name: "Save" }).click();
  const dialog = boWin.getByRole("dialog", { name: "Resolve conflicts" });
  await dialog.waitFor();
  await dialog.getByText("Ann").first().waitFor();
  await shot(boWin, "Both changed the same line: the merge dialog opens and names Ann");
  await dialog.getByRole("button", { name: "Use both" }).first().click();
  await shot(boWin, "Bo keeps both lines; the preview shows the result");
  await dialog.getByRole("button", { name: "Save merged" }).click();
  await boWin.getByText("Saved · v5").waitFor();
  await shot(boWin, "The merged version is saved as v5");

  // 3. Stale warning before saving: a second tab of Ann's browser learns of the save at once.
  const annTab2 = await ann.newPage();
  await annTab.reload();
  await annTab.getByLabel("Content").waitFor();
  await open(annTab2, plan);
  await typeContent(annTab2, `${await annTab2.getByLabel("Content").evaluate(drawnText)}\nNext steps\n- book the launch call\n`);
  await annTab.getByLabel("Title").fill("Launch plan (Q3, final)");
  await annTab.getByRole("button", { name: "Save" }).click();
  await annTab2.getByText("Changed by you in another tab").waitFor();
  await shot(annTab2, "The other tab warns before its user saves");
  await annTab2.getByRole("button", { name: "Merge now" }).click();
  await shot(annTab2, "Merge now folds the newer version into the draft");

  // 4. A reload restores the unsaved draft.
  await annTab2.reload();
  await annTab2.getByText("Restored your unsaved changes").waitFor();
  await shot(annTab2, "After a reload the unsaved draft is back");
} finally {
  await browser.close();
  await app.stop();
}

const html = `<!doctype html><meta charset="utf-8"><title>Tandem — multi-tab conflict demo</title>
<style>body{font:16px system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#0f172a}figure{margin:2rem 0}img{width:100%;border:1px solid #e2e8f0;border-radius:8px}figcaption{font-weight:600;margin-bottom:.5rem}</style>
<h1>Tandem — multi-tab conflict demo</h1>
<p>Recorded by <code>npm run demo:conflict</code> on ${new Date().toISOString()}. Ann and Bo sign up in two browsers; Ann shares a document with Bo; two tabs of Ann's and Bo's window edit it.</p>
${steps.map((s, i) => `<figure><figcaption>${i + 1}. ${s.caption}</figcaption><img src="${s.file}" alt="${s.caption}"></figure>`).join("\n")}
`;
writeFileSync(path.join(OUT, "index.html"), html);
log(`wrote ${steps.length} screenshots and ${path.relative(ROOT, path.join(OUT, "index.html"))}`);
