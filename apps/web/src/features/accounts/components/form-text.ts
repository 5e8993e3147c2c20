// The auth forms are uncontrolled on purpose: what someone types before the page hydrates (or
// while a sign-out re-renders it) stays in the inputs and is what gets submitted.
export function formText(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === "string" ? value : "";
}
