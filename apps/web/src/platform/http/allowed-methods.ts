import { FALLBACK_METHODS, matchRoute, type Method } from "@tandem/contract";

/** The methods a path supports, for 405 answers given before any route runs. */
export function allowedMethods(pathname: string): readonly Method[] {
  return matchRoute(pathname)?.methods ?? FALLBACK_METHODS;
}
