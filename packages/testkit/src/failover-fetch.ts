/**
 * A fetch for API clients that talk to several instances, as a client behind a round-robin
 * proxy would: requests use the client's preferred instance until it fails at the network
 * level, then the next one. The failure itself is passed on, never retried here: whether a
 * write may be repeated is the caller's decision (the request may have been applied).
 * Give the client `baseUrl: ""`; paths are resolved against the instance in use.
 */
export function failoverFetch(baseUrls: string[], preferred = 0): typeof fetch & { current(): string } {
  if (baseUrls.length === 0) throw new Error("failoverFetch needs at least one base URL");
  let index = preferred % baseUrls.length;
  const current = () => baseUrls[index]!;
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const path = typeof input === "string" ? input : input instanceof URL ? `${input.pathname}${input.search}` : new URL(input.url).pathname;
    const base = current();
    try {
      return await fetch(`${base}${path}`, init);
    } catch (error) {
      if (init?.signal?.aborted) throw error;
      if (current() === base) index = (index + 1) % baseUrls.length;
      throw error;
    }
  };
  return Object.assign(impl as typeof fetch, { current });
}
