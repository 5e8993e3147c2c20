"use client";
import { useEffect, useState } from "react";

/** After a 429: the form's button stays disabled until the server said to try again. */
export function useCoolDown(): { coolingDown: boolean; coolDown: (seconds: number | undefined) => void } {
  const [until, setUntil] = useState<number | null>(null);
  useEffect(() => {
    if (until === null) return;
    const timer = setTimeout(() => setUntil(null), Math.max(0, until - Date.now()));
    return () => clearTimeout(timer);
  }, [until]);
  return {
    coolingDown: until !== null,
    coolDown: (seconds) => {
      if (seconds && seconds > 0) setUntil(Date.now() + seconds * 1000);
    },
  };
}
