/**
 * Bounds the work of a merge so that a huge or pathological input cannot
 * freeze a browser tab: the diff charges its steps here and the merge falls
 * back to one whole-document conflict when the budget runs out.
 */

export interface MergeBudget {
  /**
   * Most diff steps the whole merge may take (a step is one line comparison
   * or one diagonal visited by Myers' algorithm). Deterministic: the same
   * inputs fall back on every machine, so a browser and a server agree.
   * Default {@link DEFAULT_MAX_COST}.
   */
  readonly maxCost?: number;
  /**
   * Wall-clock limit in milliseconds, checked while diffing. Off by default
   * because it makes the result depend on the machine's speed.
   */
  readonly timeoutMs?: number;
}

/**
 * Default step budget: about a quarter of a second of diffing on a modest
 * machine, while scattered edits to a 200k-line document take under a
 * million steps and moving a 2 000-line block in a 50k-line one about 3.5
 * million.
 */
export const DEFAULT_MAX_COST = 20_000_000;

export type BudgetReason = "cost" | "time";

export class BudgetExceeded extends Error {
  constructor(readonly reason: BudgetReason) {
    super(reason === "cost" ? "merge step budget exceeded" : "merge time budget exceeded");
    this.name = "BudgetExceeded";
  }
}

const CLOCK_CHECK_INTERVAL = 1 << 16;

export class WorkBudget {
  private spent = 0;
  private nextClockCheck = CLOCK_CHECK_INTERVAL;
  private readonly maxCost: number;
  private readonly deadline: number | undefined;

  constructor(budget: MergeBudget = {}) {
    this.maxCost = budget.maxCost ?? DEFAULT_MAX_COST;
    this.deadline = budget.timeoutMs === undefined ? undefined : Date.now() + budget.timeoutMs;
    if (!(this.maxCost >= 0)) throw new RangeError("budget.maxCost must be a non-negative number");
    if (budget.timeoutMs !== undefined && !(budget.timeoutMs >= 0)) {
      throw new RangeError("budget.timeoutMs must be a non-negative number");
    }
  }

  /** Records `steps` of work; throws {@link BudgetExceeded} once over budget. */
  charge(steps: number): void {
    this.spent += steps;
    if (this.spent > this.maxCost) throw new BudgetExceeded("cost");
    // Reading the clock on every call would cost more than the work it guards.
    if (this.deadline !== undefined && this.spent >= this.nextClockCheck) {
      this.nextClockCheck = this.spent + CLOCK_CHECK_INTERVAL;
      if (Date.now() >= this.deadline) throw new BudgetExceeded("time");
    }
  }

  /** Checks the clock now, whatever the work so far; used before starting a diff. */
  checkClock(): void {
    if (this.deadline !== undefined && Date.now() >= this.deadline) throw new BudgetExceeded("time");
  }

  get steps(): number {
    return this.spent;
  }
}
