import type { Metadata } from "next";
import { SettingsPage } from "@/features/accounts/components/settings-page.tsx";

export const metadata: Metadata = { title: "Settings" };

export default function Settings() {
  return <SettingsPage />;
}
