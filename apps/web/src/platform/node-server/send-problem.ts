import type http from "node:http";
import { PROBLEM_HEADERS, type AppError } from "../errors.ts";

/** The Node server's own problem+json answers, in the same shape as the route handlers'. */
export function sendProblem(req: http.IncomingMessage, res: http.ServerResponse, error: AppError, instance: string | undefined, requestId: string): void {
  res.writeHead(error.status, { ...PROBLEM_HEADERS, ...error.headers });
  res.end(req.method === "HEAD" ? undefined : JSON.stringify(error.toProblem(instance, requestId)));
  // The body, if any, is of no interest; reading it lets the connection be reused.
  req.resume();
}
