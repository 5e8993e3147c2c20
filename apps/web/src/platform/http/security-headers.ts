import { API_CONTENT_SECURITY_POLICY } from "./content-security-policy.ts";

// Sent with every response, API and pages alike. The Content-Security-Policy here is the API's
// (nothing loads, nothing runs); a page's response gets its own policy with a fresh script
// nonce where it is handed to Next (page-worker-proxy.ts), replacing this one. Framing is
// refused twice (frame-ancestors, and X-Frame-Options for browsers without CSP 2), which takes
// clickjacking of the editor's buttons off the table.
export const SECURITY_HEADERS = {
  "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  // Powerful features the editor never uses, refused for it and anything it embeds. WebAuthn
  // and the clipboard stay allowed: sign-in and copying may use them.
  "Permissions-Policy": [
    "accelerometer",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
  ]
    .map((feature) => `${feature}=()`)
    .join(", "),
} as const;
