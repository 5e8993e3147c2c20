"use client";
import { useEffect, useState, type ComponentType } from "react";

/**
 * Loads a component module on demand without Suspense: React throttles revealing a suspended
 * boundary by up to 300 ms, which would stand between a 412 and the merge dialog. The module
 * starts loading when `when` becomes true (on idle, or when it is needed at once) and the
 * component renders as soon as it is there.
 */
export function useLazyComponent<P>(load: () => Promise<ComponentType<P>>, when: boolean): ComponentType<P> | null {
  const [component, setComponent] = useState<ComponentType<P> | null>(null);
  useEffect(() => {
    if (!when || component) return;
    let live = true;
    load().then((c) => live && setComponent(() => c), () => undefined);
    return () => {
      live = false;
    };
  }, [when, component, load]);
  return component;
}
