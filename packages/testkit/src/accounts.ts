// Accounts for tests, made the way a person makes one: sign up through the API (as the sign-up
// page does, from the server's own origin), then create a personal access token.
let counter = 0;

export interface TestAccount {
  id: string;
  name: string;
  email: string;
  password: string;
  /** The session cookie (`name=value`), for browser-like requests (send Origin with writes). */
  cookie: string;
  /** A personal access token: `Authorization: Bearer <token>`. */
  token: string;
}

/** A unique email per call, so parallel tests never share an account. */
function uniqueEmail(name: string): string {
  const local = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "user";
  return `${local}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}@example.com`;
}

function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!cookie) throw new Error("sign-up set no session cookie");
  return cookie.split(";")[0]!;
}

export async function signUp(baseUrl: string, options: { name?: string; email?: string; password?: string; headers?: Record<string, string> } = {}): Promise<TestAccount> {
  const name = options.name ?? "Ann";
  const email = options.email ?? uniqueEmail(name);
  const password = options.password ?? `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const origin = new URL(baseUrl).origin;
  const res = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, ...options.headers },
    body: JSON.stringify({ name, email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-up of ${email} failed: ${res.status} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: string } };
  const cookie = sessionCookie(res);
  const created = await fetch(`${baseUrl}/api/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, cookie },
    body: JSON.stringify({ label: "tests" }),
  });
  if (created.status !== 201) throw new Error(`token for ${email} failed: ${created.status} ${await created.text()}`);
  const { token } = (await created.json()) as { token: string };
  return { id: user.id, name, email: email.toLowerCase(), password, cookie, token };
}

/** `Authorization: Bearer <token>` of an account. */
export function authHeaders(account: Pick<TestAccount, "token">): { authorization: string } {
  return { authorization: `Bearer ${account.token}` };
}
