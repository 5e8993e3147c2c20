import type { ReactNode } from "react";

export const metadata = { title: "Tandem", description: "Collaborative documents where no edit is ever silently lost." };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
