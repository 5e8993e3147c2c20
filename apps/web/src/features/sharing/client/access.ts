import type { Me, Member, Role } from "@tandem/contract";

/**
 * What the signed-in account may do with one document, derived from its members list: the
 * server's rules (owner: everything; editor: read and write; viewer: read; an admin: the
 * activity and purging, never the text) as the editor needs them to show or hide controls.
 */
export interface DocumentAccess {
  me: Me;
  members: Member[];
  /** The caller's role; null for an admin who is no member. */
  role: Role | null;
  owners: Member[];
  canEdit: boolean;
  /** Deleting, like sharing, is the owner's. */
  canDelete: boolean;
  canShare: boolean;
  /** The audit trail and purging are for owners and admins. */
  canAudit: boolean;
}

export function accessOf(me: Me, members: Member[]): DocumentAccess {
  const role = members.find((m) => m.userId === me.id)?.role ?? null;
  return {
    me,
    members,
    role,
    owners: members.filter((m) => m.role === "owner"),
    canEdit: role === "owner" || role === "editor",
    canDelete: role === "owner",
    canShare: role === "owner",
    canAudit: role === "owner" || me.isAdmin,
  };
}

/** "Ann (ann@example.com)", "Ann (ann@…) or Bo (bo@…)": who a viewer can ask for edit rights. */
export function ownersPhrase(owners: Member[]): string {
  const named = owners.map((o) => `${o.name} (${o.email})`);
  if (named.length <= 1) return named[0] ?? "the owner";
  return `${named.slice(0, -1).join(", ")} or ${named.at(-1)}`;
}
