import path from "node:path";
import { tieredConfig } from "../../vitest.shared.ts";

export default tieredConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
});
