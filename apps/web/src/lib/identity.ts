"use client";
import { useSyncExternalStore } from "react";

// Who is typing, until accounts exist: a display name kept in this browser and sent as
// X-Author with every write.

const KEY = "tandem:name";
const listeners = new Set<() => void>();

function fallbackName(): string {
  return `Guest ${Math.floor(1000 + Math.random() * 9000)}`;
}

export function getName(): string {
  if (typeof localStorage === "undefined") return "";
  let name = localStorage.getItem(KEY);
  if (!name) {
    name = fallbackName();
    localStorage.setItem(KEY, name);
  }
  return name;
}

export function setName(name: string): void {
  localStorage.setItem(KEY, name.slice(0, 80));
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useName(): string {
  return useSyncExternalStore(subscribe, getName, () => "");
}
