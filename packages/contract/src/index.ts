export * from "./access.ts";
export * from "./document.ts";
export * from "./headers.ts";
export * from "./limits.ts";
export * from "./problem.ts";
export * from "./routes.ts";
export * from "./live.ts";
export * from "./server-process.ts";
