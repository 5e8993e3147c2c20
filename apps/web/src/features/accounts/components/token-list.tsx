"use client";
import type { ApiTokenSummary } from "@tandem/contract";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button.tsx";
import { revokeToken, TOKENS_QUERY_KEY } from "@/features/accounts/client/tokens-api.ts";
import { relativeTime } from "@/lib/relative-time.ts";
import { FormAlert } from "./form-alert.tsx";

function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {relativeTime(iso)}
    </time>
  );
}

export function TokenList({ tokens }: { tokens: ApiTokenSummary[] }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: revokeToken,
    onSettled: () => queryClient.invalidateQueries({ queryKey: TOKENS_QUERY_KEY }),
  });
  if (tokens.length === 0) return <p className="text-sm text-slate-500">No tokens yet.</p>;
  return (
    <>
      {revoke.isError && <FormAlert>Could not revoke the token: {revoke.error.message}</FormAlert>}
      <ul aria-label="Your tokens" className="divide-y divide-slate-200 rounded-lg border border-slate-200">
        {tokens.map((token) => (
          <li key={token.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3" aria-label={token.label}>
            <div className="min-w-0 flex-1">
              <p className="font-medium break-words text-slate-900">{token.label}</p>
              <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-600">
                <code className="font-mono text-slate-700">{token.prefix}…</code>
                <span>
                  Created <When iso={token.createdAt} />
                </span>
                <span>{token.lastUsedAt ? <>Last used <When iso={token.lastUsedAt} /></> : "Never used"}</span>
              </p>
            </div>
            <Button
              variant="danger"
              disabled={revoke.isPending && revoke.variables === token.id}
              onClick={() => {
                if (window.confirm(`Revoke “${token.label}”? Anything using it stops working at once.`)) revoke.mutate(token.id);
              }}
            >
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </>
  );
}
