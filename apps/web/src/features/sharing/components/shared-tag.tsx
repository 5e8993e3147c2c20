import type { Role } from "@tandem/contract";

/** On a document someone else shared: "Shared with you · can view". Nothing on one's own. */
export function SharedTag({ role }: { role: Role | undefined }) {
  if (role !== "editor" && role !== "viewer") return null;
  return (
    <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${role === "viewer" ? "bg-sky-50 text-sky-800" : "bg-violet-50 text-violet-800"}`}>
      Shared with you · can {role === "viewer" ? "view" : "edit"}
    </span>
  );
}
