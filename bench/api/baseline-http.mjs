// The HTTP half of bench/api's baseline: Tandem's document contract (GET/PUT /api/documents/:id,
// POST /api/documents to seed) hand-written on node:http, with the same access rule: a bearer
// token (its SHA-256 looked up with the caller's role on the document, one query), 401 without,
// 404 for a document the caller is not a member of, 403 for a viewer's write. A store
// (baseline-sqlite.mjs or baseline-pg.mjs) supplies principal(tokenHash, id), meta(id) (no
// title/content), get(id), create(input, stamp, userId) (the document, its revision and the
// owner's membership) and cas(meta, input, stamp): the version-checked UPDATE + revision INSERT
// in one transaction.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** pg and better-sqlite3: from the root if it has them, else from packages/testkit (same versions as Tandem's). */
export function driver(name) {
  try {
    return createRequire(import.meta.url)(name);
  } catch {
    return createRequire(new URL("../../packages/testkit/package.json", import.meta.url))(name);
  }
}

const newEtag = (version) => `${version}.${randomBytes(9).toString("base64url")}`;
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const TAG = /[ \t,]*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"[ \t]*(?=,|$)/y;
const TITLES = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 412: "Precondition Failed", 413: "Content Too Large", 415: "Unsupported Media Type", 422: "Validation failed", 428: "Precondition Required", 503: "Service Unavailable", 500: "Internal Server Error" };

class Problem extends Error {
  constructor(status, code, detail, extra = {}, headers = {}) {
    super(detail);
    Object.assign(this, { status, code, extra, headers });
  }
}

/** If-Match / If-None-Match: "*", a list of {weak, opaque}, or a 400 for anything else. */
function tagsOf(value, header) {
  if (value === undefined) return null;
  if (value.trim() === "*") return "*";
  const tags = [];
  let end = 0;
  TAG.lastIndex = 0;
  for (let m; (m = TAG.exec(value)); end = TAG.lastIndex) tags.push({ weak: m[1] !== undefined, opaque: m[2] });
  if (!tags.length || !/^[ \t,]*$/.test(value.slice(end))) throw new Problem(400, "invalid-precondition", `malformed ${header} header`);
  return tags;
}

const live = (r) => (r && !r.deletedAt ? r : null);
const view = (r) => ({ id: r.id, title: r.title, content: r.content, version: r.version, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy });
const validators = (r) => ({ ETag: `"${r.etag}"`, "Last-Modified": r.updatedAt.toUTCString(), "Cache-Control": "private, no-cache" });

// Part of the contract since the hardening of the server: every response carries these.
const SECURITY = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy":
    "accelerometer=(), autoplay=(), bluetooth=(), browsing-topics=(), camera=(), display-capture=(), encrypted-media=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), interest-cohort=(), magnetometer=(), microphone=(), midi=(), payment=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()",
};

function send(res, status, body, headers = {}) {
  if (body === undefined) return res.writeHead(status, { ...SECURITY, ...headers }).end();
  const json = JSON.stringify(body);
  const type = status >= 400 ? "application/problem+json" : "application/json; charset=utf-8";
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(json), ...SECURITY, ...headers }).end(json);
}

async function readInput(req, maxBody) {
  if (!/^application\/json[ \t]*(;|$)/i.test(req.headers["content-type"] ?? "")) throw new Problem(415, "unsupported-media-type", "send Content-Type: application/json");
  if (Number(req.headers["content-length"] ?? 0) > maxBody) throw new Problem(413, "payload-too-large", `at most ${maxBody} bytes`);
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    if ((size += chunk.length) > maxBody) throw new Problem(413, "payload-too-large", `at most ${maxBody} bytes`);
    chunks.push(chunk);
  }
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new Problem(400, "invalid-json", "the body is not valid JSON");
  }
  const ok = (s) => typeof s === "string" && !s.includes("\u0000") && s.isWellFormed();
  const valid = body && typeof body === "object" && !Array.isArray(body) && Object.keys(body).length === 2 && ok(body.title) && ok(body.content);
  if (!valid || [...body.title].length > 500 || /[\r\n]/.test(body.title)) throw new Problem(422, "validation-failed", "expected exactly {title: one line ≤ 500 characters, content: string}");
  return { title: body.title, content: body.content };
}

function stamp(version, caller) {
  return { version, etag: newEtag(version), now: new Date(), author: caller.name };
}

/** Bearer token → { userId, name, role on `id` } or a 401. */
async function authenticate(store, req, id) {
  const m = /^Bearer +(\S{1,200}) *$/.exec(req.headers.authorization ?? "");
  const caller = m && (await store.principal(createHash("sha256").update(m[1]).digest("hex"), id));
  if (!caller) throw new Problem(401, "unauthorized", "send Authorization: Bearer <token>", {}, { "WWW-Authenticate": 'Bearer realm="baseline"' });
  return caller;
}

async function stale(store, id) {
  const row = live(await store.get(id));
  if (!row) throw new Problem(412, "precondition-failed", `Document "${id}" no longer exists.`, { current: null });
  throw new Problem(412, "precondition-failed", `The document changed since your copy: it is now at version ${row.version}.`, { current: view(row) }, { ETag: `"${row.etag}"` });
}

async function handle(store, req, res, maxBody) {
  const path = req.url.split("?")[0];
  if (path === "/api/documents" && req.method === "POST") {
    const caller = await authenticate(store, req, null);
    const row = await store.create(await readInput(req, maxBody), stamp(1, caller), caller.userId);
    return send(res, 201, view(row), { ...validators(row), Location: `/api/documents/${row.id}` });
  }
  const id = path.startsWith("/api/documents/") ? path.slice("/api/documents/".length) : "";
  if (!ID.test(id)) throw new Problem(404, "not-found", "There is no document with this id.");
  const caller = await authenticate(store, req, id);
  if (!caller.role) throw new Problem(404, "not-found", `There is no document with id "${id}".`);
  if (req.method === "GET") {
    const inm = tagsOf(req.headers["if-none-match"], "If-None-Match");
    const meta = inm && live(await store.meta(id));
    if (meta && (inm === "*" || inm.some((t) => t.opaque === meta.etag))) return send(res, 304, undefined, validators(meta));
    const row = (!inm || meta) && live(await store.get(id));
    if (!row) throw new Problem(404, "not-found", `There is no document with id "${id}".`);
    return send(res, 200, view(row), validators(row));
  }
  if (req.method !== "PUT") throw new Problem(405, "method-not-allowed", `${req.method} is not supported here`, {}, { Allow: "GET, PUT" });
  if (caller.role === "viewer") throw new Problem(403, "forbidden", "viewers cannot write");
  const im = tagsOf(req.headers["if-match"], "If-Match");
  if (!im) throw new Problem(428, "precondition-required", "PUT needs If-Match: the ETag of your copy, or * to overwrite.");
  const input = await readInput(req, maxBody);
  for (let attempt = 0; attempt < 64; attempt++) {
    const meta = live(await store.meta(id));
    if (!meta) throw new Problem(404, "not-found", `There is no document with id "${id}".`);
    if (im !== "*" && !im.some((t) => !t.weak && t.opaque === meta.etag)) return stale(store, id);
    const row = await store.cas(meta, input, stamp(meta.version + 1, caller));
    if (row) return send(res, 200, view(row), validators(row));
    if (im !== "*") return stale(store, id);
  }
  throw new Problem(503, "service-unavailable", "too many concurrent writes; retry", {}, { "Retry-After": "1" });
}

export function createBaselineServer(store, { maxBody = 8 * 1024 * 1024 } = {}) {
  return http.createServer((req, res) => {
    handle(store, req, res, maxBody).catch((e) => {
      if (res.headersSent) return res.destroy();
      const p = e instanceof Problem ? e : (console.error(e), new Problem(500, "internal", "An unexpected error occurred."));
      send(res, p.status, { type: `/problems/${p.code}`, title: TITLES[p.status], status: p.status, detail: p.message, code: p.code, instance: req.url, ...p.extra }, { "Cache-Control": "no-store", ...p.headers });
    });
  });
}

/** Listens on 127.0.0.1; resolves with { port, close() }. */
export async function listen(store, port, onClose) {
  const server = createBaselineServer(store);
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const close = () => new Promise((resolve) => (server.close(() => resolve(onClose())), server.closeAllConnections()));
  return { port: server.address().port, close };
}

/** Run as a script: `node baseline-x.mjs --port 0 --db <file or url>` prints "listening on http://127.0.0.1:<port> (…)". */
export async function cli(moduleUrl, start) {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? "").href) return;
  const { values } = parseArgs({ options: { port: { type: "string", default: "0" }, db: { type: "string" }, synchronous: { type: "string", default: "full" }, token: { type: "string" } } });
  const server = await start({ port: Number(values.port), db: values.db, synchronous: values.synchronous });
  // The bench's account: the token is stored hashed, as Tandem stores it.
  if (values.token) await server.addToken(createHash("sha256").update(values.token).digest("hex"), "bench", "Bench");
  console.log(`listening on http://127.0.0.1:${server.port} (${server.describe})`);
  process.once("SIGTERM", () => server.close().then(() => process.exit(0)));
}
