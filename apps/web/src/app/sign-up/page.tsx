import { INVITE_PARAM, RETURN_TO_PARAM } from "@tandem/contract";
import type { Metadata } from "next";
import { SignUpForm } from "@/features/accounts/components/sign-up-form.tsx";
import { firstParam, type SearchParams } from "@/features/accounts/components/search-params.ts";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  return <SignUpForm invite={firstParam(params[INVITE_PARAM])} next={firstParam(params[RETURN_TO_PARAM])} />;
}
