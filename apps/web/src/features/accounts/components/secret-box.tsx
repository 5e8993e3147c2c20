"use client";
import { useRef } from "react";
import { INPUT_CLASS } from "./text-field.tsx";
import { CopyButton } from "./copy-button.tsx";

/** A value to copy (a token, a link): read-only, selected on focus, with a Copy button. */
export function SecretBox({ value, label }: { value: string; label: string }) {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
      <input
        ref={ref}
        readOnly
        aria-label={label}
        value={value}
        onFocus={(e) => e.currentTarget.select()}
        className={`${INPUT_CLASS} min-w-0 font-mono text-xs sm:flex-1`}
      />
      <CopyButton text={value} onCopyFailed={() => ref.current?.select()} />
    </div>
  );
}
