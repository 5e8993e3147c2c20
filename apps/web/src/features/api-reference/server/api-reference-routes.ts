// The API's own description: `/api/openapi.json`, and `/api/docs`, Swagger UI served from this
// server (no CDN: it works offline and behind a firewall) under a policy of its own.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { ROUTES } from "@tandem/contract";
import { AppError } from "../../../platform/errors.ts";
import type { ApiRoutes, RouteHandlers } from "../../../platform/http/api-handler.ts";
import type { ApiRequest, ApiResponse } from "../../../platform/http/api-request.ts";
import { openApiDocument } from "./openapi-document.ts";

const DOCS = ROUTES.apiDocs.pattern;

/**
 * The reference page runs Swagger UI's bundle and our initializer, both from here, and fetches
 * the document from here: nothing else loads, nothing inline runs. Swagger UI sets styles from
 * script (allowed: CSSOM) and shows inline SVG icons as data: images.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The initializer: the document from this server, no online validator badge. */
const INIT_SCRIPT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(ROUTES.openapi.pattern)},
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tandem API reference</title>
<link rel="stylesheet" href="${DOCS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS}/swagger-ui-bundle.js"></script>
<script src="${DOCS}/init.js"></script>
</body>
</html>
`;

/** The files the page loads: Swagger UI's own (swagger-ui-dist), read once, and the initializer. */
const ASSETS: Record<string, { type: string; file?: string; text?: string }> = {
  "swagger-ui.css": { type: "text/css; charset=utf-8", file: "swagger-ui.css" },
  "swagger-ui-bundle.js": { type: "text/javascript; charset=utf-8", file: "swagger-ui-bundle.js" },
  "init.js": { type: "text/javascript; charset=utf-8", text: INIT_SCRIPT },
};

const loaded = new Map<string, Promise<string>>();

function assetText(name: string): Promise<string> {
  const asset = ASSETS[name]!;
  if (asset.text !== undefined) return Promise.resolve(asset.text);
  if (!loaded.has(name)) {
    const dir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
    const reading = readFile(path.join(dir, asset.file!), "utf8");
    // A failed read is tried again next time, not remembered.
    reading.catch(() => loaded.delete(name));
    loaded.set(name, reading);
  }
  return loaded.get(name)!;
}

const text = (type: string, body: string, cache: string, headers: Record<string, string> = {}): ApiResponse => ({
  status: 200,
  headers: { "Content-Type": type, "Cache-Control": cache, ...headers },
  body,
});

/** GET, and HEAD as GET without the body (the wrapper drops it). */
const readOnly = (handler: RouteHandlers["GET"]): RouteHandlers => ({ GET: handler });

export const apiReferenceRoutes: ApiRoutes = {
  openapi: readOnly(() => text("application/json; charset=utf-8", openApiDocument().text, "public, max-age=300")),
  apiDocs: readOnly(() => text("text/html; charset=utf-8", PAGE, "public, max-age=300", { "Content-Security-Policy": DOCS_CONTENT_SECURITY_POLICY })),
  apiDocsAsset: readOnly(async (request: ApiRequest, params: Record<string, string>) => {
    const name = params.asset!;
    if (!Object.hasOwn(ASSETS, name)) throw new AppError("not-found", `No API resource at ${request.pathname}.`);
    return text(ASSETS[name]!.type, await assetText(name), "public, max-age=3600");
  }),
};
