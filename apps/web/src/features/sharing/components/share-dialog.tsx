"use client";
import { EMAIL_MAX_LENGTH, type ShareRole } from "@tandem/contract";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { Modal } from "@/components/ui/modal.tsx";
import { putMember, removeMember } from "@/features/sharing/client/members-api.ts";
import { ROLE_LABEL } from "@/features/sharing/client/role-labels.ts";
import { shareErrorMessage } from "@/features/sharing/client/share-errors.ts";
import { accessKey, useDocumentAccess } from "@/features/sharing/client/use-document-access.ts";
import { MemberRow } from "./member-row.tsx";

const FIELD = "h-10 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100";

const canNow = (email: string, role: ShareRole) => `${email} can now ${role === "editor" ? "edit" : "only view"}.`;

type Change = { email: string; role: ShareRole } | { email: string; remove: true };

/**
 * Share a document: invite an account by email as editor or viewer, change a member's role,
 * remove a member. A native modal dialog (the page behind is inert, Esc closes). Every change
 * is one request; the members list is re-read from the server after each.
 */
export function ShareDialog({ documentId, title, onClose }: { documentId: string; title: string; onClose: () => void }) {
  const access = useDocumentAccess(documentId);
  const queryClient = useQueryClient();
  const emailRef = useRef<HTMLInputElement>(null);
  const ids = { email: useId(), role: useId(), members: useId() };
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<ShareRole>("editor");
  const [status, setStatus] = useState<string | null>(null);

  // Runs after the Modal's own effect has opened the dialog: start in the Email field.
  useEffect(() => emailRef.current?.focus(), []);

  const invite = useMutation({
    mutationFn: (change: { email: string; role: ShareRole }) => putMember(documentId, change.email, change.role),
    onSuccess: ({ added }, change) => {
      setStatus(added ? `Shared with ${change.email} (${ROLE_LABEL[change.role].toLowerCase()}).` : canNow(change.email, change.role));
      setEmail("");
      manage.reset();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKey(documentId) }),
  });
  const manage = useMutation({
    mutationFn: async (change: Change): Promise<void> => {
      if ("remove" in change) await removeMember(documentId, change.email);
      else await putMember(documentId, change.email, change.role);
    },
    onSuccess: (_result, change) => {
      setStatus("remove" in change ? `Removed ${change.email}.` : canNow(change.email, change.role));
      invite.reset();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessKey(documentId) }),
  });

  const data = access.data;
  const busy = invite.isPending || manage.isPending;
  const manageError = manage.isError ? shareErrorMessage("remove" in (manage.variables ?? {}) ? "remove" : "change", manage.error) : null;

  return (
    // max-w: the Modal's own width class would win over another w-[…] (same utility).
    <Modal title="Share" onClose={onClose} className="max-w-[min(96vw,34rem)]">
      <div className="flex max-h-[92vh] flex-col">
        <header className="border-b border-slate-200 px-5 py-3">
          <p aria-hidden className="text-base font-semibold">
            Share <span className="text-slate-600">“{title || "Untitled"}”</span>
          </p>
          <p className="text-xs text-slate-600">People you add sign in with their own account. Editors can save; viewers can only read.</p>
        </header>
        <div className="flex min-h-0 flex-col gap-4 overflow-auto px-5 py-4">
          <form
            className="grid gap-2 sm:grid-cols-[1fr_auto_auto] sm:items-end"
            onSubmit={(e) => {
              e.preventDefault();
              const address = email.trim();
              if (!address || busy) return;
              setStatus(null);
              invite.mutate({ email: address, role });
            }}
          >
            <div>
              <label htmlFor={ids.email} className="mb-1 block text-xs font-medium text-slate-600">
                Email
              </label>
              <input
                ref={emailRef}
                id={ids.email}
                type="email"
                required
                autoComplete="off"
                maxLength={EMAIL_MAX_LENGTH}
                placeholder="name@example.com"
                className={FIELD}
                value={email}
                aria-invalid={invite.isError || undefined}
                aria-describedby={invite.isError ? `${ids.email}-error` : undefined}
                onChange={(e) => setEmail(e.target.value)}
              />
            </div>
            <div>
              <label htmlFor={ids.role} className="mb-1 block text-xs font-medium text-slate-600">
                Role
              </label>
              <select id={ids.role} className={FIELD} value={role} onChange={(e) => setRole(e.target.value as ShareRole)}>
                <option value="editor">{ROLE_LABEL.editor}</option>
                <option value="viewer">{ROLE_LABEL.viewer}</option>
              </select>
            </div>
            <Button type="submit" variant="primary" disabled={busy} className="h-10">
              Invite
            </Button>
          </form>
          {invite.isError && (
            <p id={`${ids.email}-error`} role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
              {shareErrorMessage("invite", invite.error)}
            </p>
          )}
          {manageError && (
            <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
              {manageError}
            </p>
          )}
          <p role="status" className="text-sm text-emerald-800 empty:hidden">
            {status}
          </p>

          <section aria-labelledby={ids.members}>
            <h3 id={ids.members} className="text-xs font-medium tracking-wide text-slate-500 uppercase">
              People with access
            </h3>
            {access.isPending && <p className="py-2 text-sm text-slate-500">Loading…</p>}
            {access.isError && (
              <p role="alert" className="py-2 text-sm text-rose-700">
                Could not load the members: {access.error.message}
              </p>
            )}
            {data && (
              <ul className="divide-y divide-slate-100">
                {data.members.map((m) => (
                  <MemberRow
                    key={m.userId}
                    member={m}
                    isMe={m.userId === data.me.id}
                    editable={data.canShare}
                    busy={busy}
                    onChangeRole={(next) => {
                      setStatus(null);
                      manage.mutate({ email: m.email, role: next });
                    }}
                    onRemove={() => {
                      setStatus(null);
                      manage.mutate({ email: m.email, remove: true });
                    }}
                  />
                ))}
              </ul>
            )}
          </section>
        </div>
        <footer className="flex justify-end border-t border-slate-200 px-5 py-3">
          <Button onClick={onClose}>Done</Button>
        </footer>
      </div>
    </Modal>
  );
}
