import Link from "next/link";
import { signInPath } from "@/features/accounts/client/return-to.ts";

/** A page's data needs a session and there is none (any more). */
export function SessionEnded({ returnTo }: { returnTo: string }) {
  return (
    <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      Your session has ended.{" "}
      <Link className="font-medium underline underline-offset-2" href={signInPath(returnTo)}>
        Sign in
      </Link>{" "}
      again to see this page.
    </p>
  );
}
