"use client";
import type { Member, ShareRole } from "@tandem/contract";
import { Button } from "@/components/ui/button.tsx";
import { ROLE_LABEL } from "@/features/sharing/client/role-labels.ts";

/** One member: name, email and role; the owner may change the role or remove them (not an owner). */
export function MemberRow({
  member,
  isMe,
  editable,
  busy,
  onChangeRole,
  onRemove,
}: {
  member: Member;
  isMe: boolean;
  editable: boolean;
  busy: boolean;
  onChangeRole: (role: ShareRole) => void;
  onRemove: () => void;
}) {
  const manageable = editable && member.role !== "owner";
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-2 py-2.5">
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium text-slate-900">
          {member.name}
          {isMe && <span className="font-normal text-slate-500"> (you)</span>}
        </span>
        <span className="block truncate text-xs text-slate-500">{member.email}</span>
      </span>
      {manageable ? (
        <span className="flex items-center gap-2">
          <select
            aria-label={`Role of ${member.name}`}
            value={member.role}
            disabled={busy}
            onChange={(e) => onChangeRole(e.target.value as ShareRole)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100"
          >
            <option value="editor">{ROLE_LABEL.editor}</option>
            <option value="viewer">{ROLE_LABEL.viewer}</option>
          </select>
          <Button variant="ghost" disabled={busy} aria-label={`Remove ${member.name}`} onClick={onRemove}>
            Remove
          </Button>
        </span>
      ) : (
        <span className="rounded-full bg-slate-100 px-2.5 py-1 text-xs font-medium text-slate-700">{ROLE_LABEL[member.role]}</span>
      )}
    </li>
  );
}
