import type { Resolution } from "@tandem/conflict";

// The user's choices in the merge dialog. Apart from the merge engine, so that the session
// can hold them without pulling the engine into the editor's first load.

export type Choices = Readonly<Record<string, Resolution>>;

/** Choices by field and conflict id. */
export interface DocumentChoices {
  title: Choices;
  content: Choices;
}

export const NO_CHOICES: DocumentChoices = { title: {}, content: {} };
