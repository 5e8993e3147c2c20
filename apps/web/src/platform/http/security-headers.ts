// Sent with every response, API and pages alike. The full Content-Security-Policy (scripts by
// nonce) needs Next's cooperation and is not here yet; framing is refused outright, which
// takes clickjacking of the editor's buttons off the table.
export const SECURITY_HEADERS = {
  "Content-Security-Policy": "frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
} as const;
