import type { Role } from "@tandem/contract";

/** How a role reads in the UI: the Share dialog's choices and the list's tags. */
export const ROLE_LABEL: Record<Role, string> = { owner: "Owner", editor: "Can edit", viewer: "Can view" };
