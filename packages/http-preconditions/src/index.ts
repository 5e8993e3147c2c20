export {
  formatEntityTag,
  isValidOpaque,
  parseTagCondition,
  PreconditionSyntaxError,
  strongMatch,
  weakMatch,
  type EntityTag,
  type TagCondition,
} from "./entity-tag.js";
export { formatHttpDate, parseHttpDate, wholeSeconds } from "./http-date.js";
export {
  evaluatePreconditions,
  hasWritePrecondition,
  parsePreconditions,
  type CurrentState,
  type Outcome,
  type Preconditions,
} from "./evaluate.js";
