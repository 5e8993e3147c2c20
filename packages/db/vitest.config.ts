import { tieredConfig } from "../../vitest.shared.ts";

export default tieredConfig();
