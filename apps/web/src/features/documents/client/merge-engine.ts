// The merge engine loads on first need (or when the editor is idle), which keeps it out of
// the editor's first-load JavaScript.
export function loadMergeEngine() {
  return import("./merge-documents.ts");
}
