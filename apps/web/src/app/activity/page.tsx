import type { Metadata } from "next";
import { AllActivity } from "@/features/audit/components/all-activity.tsx";

export const metadata: Metadata = { title: "Activity" };

export default function Activity() {
  return <AllActivity />;
}
