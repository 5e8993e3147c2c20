"use client";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button.tsx";

/** Copies `text`; says so for a moment (politely, for screen readers too). */
export function CopyButton({ text, label = "Copy", onCopyFailed }: { text: string; label?: string; onCopyFailed?: () => void }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="primary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setState("copied");
          } catch {
            // No clipboard (permissions, an insecure origin): the text is selected for Ctrl+C instead.
            setState("failed");
            onCopyFailed?.();
          }
        }}
      >
        {label}
      </Button>
      <span role="status" className="text-xs text-slate-600">
        {state === "copied" ? "Copied" : state === "failed" ? "Could not copy: press Ctrl+C" : ""}
      </span>
    </span>
  );
}
