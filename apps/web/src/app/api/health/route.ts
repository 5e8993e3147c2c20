import { checkHealth } from "@/server/health";
import { json, route } from "@/server/http/route";

export const GET = route(async () => {
  const health = await checkHealth();
  return json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
});
