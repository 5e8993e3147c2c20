export {
  formatEntityTag,
  isValidOpaque,
  parseTagCondition,
  PreconditionSyntaxError,
  strongMatch,
  TAG_CONDITION_LIMITS,
  weakMatch,
  type EntityTag,
  type TagCondition,
} from "./entity-tag.ts";
export { formatHttpDate, parseHttpDate, wholeSeconds } from "./http-date.ts";
export {
  evaluatePreconditions,
  hasWritePrecondition,
  parsePreconditions,
  type CurrentState,
  type Outcome,
  type Preconditions,
} from "./evaluate.ts";
