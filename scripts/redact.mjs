/** Hides a password in a connection URL. */
export function redact(url) {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, "//$1:***@");
}
