import { expect, type Locator, type Page } from "@playwright/test";

// The Share dialog and the Activity panel as a person uses them, for sharing.spec.ts.

export type RoleLabel = "Can edit" | "Can view";

/** Opens the owner's Share dialog; focus starts in its Email field. */
export async function openShareDialog(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Share" }).click();
  const dialog = page.getByRole("dialog", { name: "Share" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Email")).toBeFocused();
  return dialog;
}

/** The member's row in the dialog's list (by email). */
export function memberRow(dialog: Locator, email: string): Locator {
  return dialog.getByRole("listitem").filter({ hasText: email });
}

/** Invites `email` with `role` and waits until the list shows them. */
export async function invite(dialog: Locator, email: string, role: RoleLabel): Promise<void> {
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await dialog.getByRole("button", { name: "Invite" }).click();
  await expect(memberRow(dialog, email)).toBeVisible();
}

/** Opens the Activity panel and returns it. */
export async function openActivity(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Activity" }).click();
  const panel = page.getByRole("complementary", { name: "Activity" });
  await expect(panel).toBeVisible();
  return panel;
}
