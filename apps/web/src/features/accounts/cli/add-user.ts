import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@tandem/contract";
import { database } from "../../../platform/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { accounts } from "../server/accounts.ts";

/**
 * An account made by an operator (any TANDEM_SIGNUP): through the library, so the password is
 * hashed exactly as at sign-up. The library signs the new account in; that session is dropped.
 */
export async function addUser(input: { email: string; name: string; password: string }): Promise<{ id: string; isAdmin: boolean }> {
  const email = input.email.trim().toLowerCase();
  const db = database();
  if (await db.accounts.findUserByEmail(email)) throw new AppError("conflict", `an account with the email ${email} exists already`);
  if (input.password.length < PASSWORD_MIN_LENGTH || input.password.length > PASSWORD_MAX_LENGTH) {
    throw new AppError("validation-failed", `the password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`);
  }
  const { auth } = await accounts();
  const result = await auth.api.signUpEmail({ body: { email, name: input.name, password: input.password } });
  await db.accounts.deleteSessionsOf(result.user.id);
  const user = await db.accounts.findUserById(result.user.id);
  return { id: result.user.id, isAdmin: user?.isAdmin ?? false };
}
