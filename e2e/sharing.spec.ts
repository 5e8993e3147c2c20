import { expect, expectContent, fillContent, openEditor, seed, serverDoc, share, signedInContext, test, uniqueTitle } from "./support/fixtures.ts";
import { invite, memberRow, openActivity, openShareDialog } from "./support/sharing.ts";

// Accounts and per-document access as people meet them: the owner shares through the Share
// dialog, two accounts collide on one line and the merge dialog names the other one, a viewer
// reads live but cannot write, a stranger learns nothing, and the owner reads it all back in
// Activity. `page` and `request` are Ann, this test's own account.

const BASE = "intro\nalpha\nmiddle\nomega\n";

test.describe("sharing a document", () => {
  test("Ann shares with Bo and Cy; Bo's conflicting save names Ann; Cy only reads; Di sees nothing; Activity shows it all", async ({ page, account: ann, person, browser, baseURL }, info) => {
    // Four people, three browsers and a conflict round trip: more than one ordinary test's time.
    test.slow();
    const [bo, cy, di] = await Promise.all([person("Bo"), person("Cy"), person("Di")]);
    const title = uniqueTitle(info.title);

    // Ann creates the document from the list.
    await page.goto("/");
    await page.getByLabel("New document title").fill(title);
    await page.getByRole("button", { name: "New document" }).click();
    await expect(page).toHaveURL(/\/documents\/[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
    await fillContent(page, BASE);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v2");

    // The Share dialog: Bo can edit, Cy can view; an unknown email is explained inline.
    const dialog = await openShareDialog(page);
    await expect(memberRow(dialog, ann.email)).toContainText("Owner");
    await expect(memberRow(dialog, ann.email).getByRole("button", { name: /Remove/ })).toHaveCount(0);
    await invite(dialog, bo.account.email, "Can edit");
    await invite(dialog, cy.account.email, "Can view");
    await expect(memberRow(dialog, bo.account.email).getByLabel("Role of Bo")).toHaveValue("editor");
    await expect(memberRow(dialog, cy.account.email).getByLabel("Role of Cy")).toHaveValue("viewer");
    await dialog.getByLabel("Email").fill(`nobody-${Date.now()}@example.com`);
    await dialog.getByRole("button", { name: "Invite" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("No account uses that email — ask them to sign up first");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    // The shared document in the others' lists, with their role.
    const boPage = await (await signedInContext(browser, baseURL!, bo.account)).newPage();
    const cyPage = await (await signedInContext(browser, baseURL!, cy.account)).newPage();
    await boPage.goto("/");
    await expect(boPage.getByRole("link", { name: new RegExp(title) })).toContainText("Shared with you · can edit");
    await cyPage.goto("/");
    await expect(cyPage.getByRole("link", { name: new RegExp(title) })).toContainText("Shared with you · can view");

    // Cy, the viewer: read-only text, no Save or Delete, and whom to ask.
    await openEditor(cyPage, id);
    await expect(cyPage.getByText(`You can view this document. To edit, ask Ann (${ann.email}).`)).toBeVisible();
    // The rendered read view first; Preview off shows the source, read-only.
    await expect(cyPage.getByRole("article", { name: "Read view" })).toContainText("alpha");
    await expect(cyPage.getByLabel("Content")).toHaveCount(0);
    await cyPage.getByRole("button", { name: "Preview", pressed: true }).click();
    await expect(cyPage.getByLabel("Content")).not.toBeEditable();
    await expect(cyPage.getByRole("article", { name: "Read view" })).toHaveCount(0);
    await expect(cyPage.getByLabel("Title")).not.toBeEditable();
    await expect(cyPage.getByRole("button", { name: "Save" })).toHaveCount(0);
    await expect(cyPage.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await expect(cyPage.getByRole("button", { name: "Share" })).toHaveCount(0);
    await expect(cyPage.getByRole("button", { name: "Activity" })).toHaveCount(0);
    // And the server agrees: a viewer's write is refused.
    const current = await cy.api.get(`/api/documents/${id}`);
    const refused = await cy.api.put(`/api/documents/${id}`, { data: { title, content: "Cy was here\n" }, headers: { "if-match": current.headers()["etag"]! } });
    expect(refused.status()).toBe(403);

    // Ann and Bo change the same line; Ann saves first.
    await openEditor(boPage, id);
    await expect(boPage.getByLabel("Content")).toBeEditable();
    await expect(boPage.getByRole("button", { name: "Share" })).toHaveCount(0);
    await expect(boPage.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await fillContent(page, "intro\nalpha by Ann\nmiddle\nomega\n");
    await fillContent(boPage, "intro\nalpha by Bo\nmiddle\nomega\n");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("save-status")).toHaveText("Saved · v3");

    // Bo's save meets Ann's version: the server cannot merge it (409, Prefer: merge); the dialog names her account.
    const refusal = boPage.waitForResponse((r) => r.request().method() === "PUT" && r.status() === 409);
    await boPage.getByRole("button", { name: "Save" }).click();
    const conflictId = (await refusal).headers()["tandem-conflict"];
    expect(conflictId, "the 409 names its audit event").toMatch(/^\d+$/);
    const merge = boPage.getByRole("dialog", { name: "Resolve conflicts" });
    await expect(merge).toContainText("Ann saved version 3 while you were editing");
    await expect(merge).toContainText("Theirs · Ann, v3");
    await merge.getByRole("group", { name: "Resolve conflict 1" }).getByRole("button", { name: "Use both" }).click();
    // The resolving save says which refusal it settles, and how.
    const resolving = boPage.waitForRequest((r) => r.method() === "PUT");
    await merge.getByRole("button", { name: "Save merged" }).click();
    const headers = (await resolving).headers();
    expect([headers["tandem-conflict"], headers["tandem-resolution"]]).toEqual([conflictId, "dialog"]);
    await expect(boPage.getByTestId("save-status")).toHaveText("Saved · v4");
    const merged = "intro\nalpha by Bo\nalpha by Ann\nmiddle\nomega\n";
    expect((await serverDoc(bo.api, id)).body).toMatchObject({ content: merged, version: 4, updatedBy: "Bo" });

    // Cy's read-only editor follows along; Ann's header names Bo as the last editor.
    await expectContent(cyPage, merged);
    await expect(cyPage.getByTestId("save-status")).toHaveText("Saved · v4");
    await expect(page.getByTestId("last-edited")).toContainText("Last edited by Bo");

    // Di, a stranger, learns nothing (the same answer as for an id that does not exist).
    const diPage = await (await signedInContext(browser, baseURL!, di.account)).newPage();
    await diPage.goto(`/documents/${id}`);
    await expect(diPage.getByText("Document not found. It does not exist, or it has not been shared with you.")).toBeVisible();
    await expect(diPage.getByLabel("Content")).toHaveCount(0);

    // Ann, the owner, reads what happened.
    const activity = await openActivity(page);
    await expect(activity).toContainText("Bo's save was refused: they had version 2, the document was at version 3");
    await expect(activity).toContainText(/Bo resolved a conflict in the merge dialog (after \d+ s|within a second)/);
    await expect(activity).toContainText(`Ann shared with Bo (can edit)`);
    await expect(activity).toContainText(`Ann shared with Cy (can view)`);
  });

  test("the owner changes a role and removes a member; a removed member sees not found", async ({ page, request, person, browser, baseURL }, info) => {
    const [bo, cy] = await Promise.all([person("Bo"), person("Cy")]);
    const doc = await seed(request, uniqueTitle(info.title), BASE);
    await share(request, doc.id, bo.account, "editor");
    await share(request, doc.id, cy.account, "viewer");
    await openEditor(page, doc.id);

    const dialog = await openShareDialog(page);
    await memberRow(dialog, cy.account.email).getByLabel("Role of Cy").selectOption({ label: "Can edit" });
    await expect(dialog.getByRole("status")).toHaveText(`${cy.account.email} can now edit.`);
    await memberRow(dialog, bo.account.email).getByRole("button", { name: "Remove Bo" }).click();
    await expect(memberRow(dialog, bo.account.email)).toHaveCount(0);
    await page.keyboard.press("Escape");

    const cyPage = await (await signedInContext(browser, baseURL!, cy.account)).newPage();
    await openEditor(cyPage, doc.id);
    await expect(cyPage.getByLabel("Content")).toBeEditable();
    await expect(cyPage.getByRole("button", { name: "Save" })).toBeVisible();
    const boPage = await (await signedInContext(browser, baseURL!, bo.account)).newPage();
    await boPage.goto(`/documents/${doc.id}`);
    await expect(boPage.getByText("Document not found.")).toBeVisible();

    const activity = await openActivity(page);
    await expect(activity).toContainText(`Ann changed Cy from can view to can edit`);
    await expect(activity).toContainText(`Ann removed Bo (can edit)`);
  });

  test("the owner purges a deleted document, after a confirmation that says it is for good", async ({ page, request }, info) => {
    const doc = await seed(request, uniqueTitle(info.title), "to be purged\n");
    await openEditor(page, doc.id);
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog", { name: "Delete document?" }).getByRole("button", { name: "Delete" }).click();
    await expect(page).toHaveURL(/\/$/);

    await page.goto(`/documents/${doc.id}`);
    await expect(page.getByText("This document does not exist any more: it was deleted by Ann")).toBeVisible();
    await page.getByRole("button", { name: "Purge history" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Purge document?" });
    await expect(confirm).toContainText("This erases its history for good");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    expect((await request.get(`/api/documents/${doc.id}/revisions`)).status()).toBe(200);

    await page.getByRole("button", { name: "Purge history" }).click();
    await confirm.getByRole("button", { name: "Purge for good" }).click();
    await expect(page.getByText("Purged: the document’s history is erased.")).toBeVisible();
    expect((await request.get(`/api/documents/${doc.id}/revisions`)).status()).toBe(404);
    expect((await serverDoc(request, doc.id)).status).toBe(404);
  });
});
