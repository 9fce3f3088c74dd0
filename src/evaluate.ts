// One evaluation: the model, traced and checked by every enabled rule.
import { RULES } from '../rules/index.js';
import { runRules, type CheckOptions, type CheckResult } from './check.js';
import type { Model } from './model.js';

export type EvaluateOptions = CheckOptions;

export function evaluate(model: Model, options: EvaluateOptions = {}): CheckResult {
  return runRules(model, [], RULES, options);
}
