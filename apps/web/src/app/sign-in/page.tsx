import { RETURN_TO_PARAM } from "@tandem/contract";
import type { Metadata } from "next";
import { SignInForm } from "@/features/accounts/components/sign-in-form.tsx";
import { firstParam, type SearchParams } from "@/features/accounts/components/search-params.ts";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  return <SignInForm next={firstParam(params[RETURN_TO_PARAM])} />;
}
