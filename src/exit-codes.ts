// Exit codes: one home (README "Exit codes" documents the same table).
export const EXIT = {
  /** No finding at or above --fail-on. */
  OK: 0,
  /** Findings at or above --fail-on. */
  FINDINGS: 1,
  /** Usage, configuration or input error. */
  USAGE: 2,
  /** Nothing at or above --fail-on was found, but some checks could not be evaluated (coverage gaps). */
  INCOMPLETE: 3,
} as const;
