"use client";
import type { CreatedApiToken } from "@tandem/contract";
import { useEffect, useId, useRef } from "react";
import { Button } from "@/components/ui/button.tsx";
import { SecretBox } from "./secret-box.tsx";

/** The one time a token is shown. Focus moves here so keyboard and screen reader users find it. */
export function CreatedTokenPanel({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => ref.current?.focus(), [token.id]);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="region"
      aria-labelledby={titleId}
      className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500"
    >
      <p id={titleId} className="font-medium">
        Token “{token.label}” created
      </p>
      <p className="mt-1 mb-3 font-medium text-amber-900">Copy it now: it will not be shown again.</p>
      <SecretBox value={token.token} label="New token" />
      <div className="mt-3">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
