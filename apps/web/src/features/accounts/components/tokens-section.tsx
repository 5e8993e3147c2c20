"use client";
import { API_TOKEN_PREFIX, TOKEN_LABEL_MAX_LENGTH, type CreatedApiToken } from "@tandem/contract";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { createToken, listTokens, TOKENS_QUERY_KEY } from "@/features/accounts/client/tokens-api.ts";
import { CreatedTokenPanel } from "./created-token-panel.tsx";
import { FormAlert } from "./form-alert.tsx";
import { Section } from "./section.tsx";
import { TextField } from "./text-field.tsx";
import { TokenList } from "./token-list.tsx";

export function TokensSection() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: TOKENS_QUERY_KEY, queryFn: ({ signal }) => listTokens(signal) });
  const [label, setLabel] = useState("");
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const create = useMutation({
    mutationFn: () => createToken(label.trim()),
    onSuccess: (token) => {
      setCreated(token);
      setLabel("");
      void queryClient.invalidateQueries({ queryKey: TOKENS_QUERY_KEY });
    },
  });

  return (
    <Section
      title="Personal access tokens"
      description={
        <>
          For scripts and tools that use the API as you: send the token as <code className="rounded bg-slate-100 px-1 font-mono text-xs">Authorization: Bearer {API_TOKEN_PREFIX}…</code>.
          Revoke a token as soon as it is not needed or may have leaked.
        </>
      }
    >
      <form
        className="flex flex-col gap-3 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          if (label.trim() && !create.isPending) create.mutate();
        }}
      >
        <TextField
          className="sm:flex-1"
          label="Label"
          hint="What the token is for, e.g. “backup script”."
          required
          maxLength={TOKEN_LABEL_MAX_LENGTH}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
        />
        <Button type="submit" variant="primary" className="sm:mb-5" disabled={create.isPending} aria-busy={create.isPending || undefined}>
          Create token
        </Button>
      </form>
      {create.isError && <FormAlert>Could not create the token: {create.error.message}</FormAlert>}
      {created && <CreatedTokenPanel token={created} onDone={() => setCreated(null)} />}
      <div className="mt-6">
        {tokens.isPending && <p className="text-sm text-slate-500">Loading…</p>}
        {tokens.isError && <FormAlert>Could not load your tokens: {tokens.error.message}</FormAlert>}
        {tokens.isSuccess && <TokenList tokens={tokens.data} />}
      </div>
    </Section>
  );
}
