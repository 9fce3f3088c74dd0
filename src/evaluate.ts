// One evaluation: the model, traced and checked by every enabled rule.
import { RULES } from '../rules/index.js';
import { runRules, type CheckOptions, type CheckResult } from './check.js';
import { defaultDestinations, type DestinationSpec } from './engine/destinations.js';
import { traceAll } from './engine/trace.js';
import type { Trace } from './engine/types.js';
import type { Model } from './model.js';

export interface EvaluateOptions extends CheckOptions {
  /** Destinations to trace every workload to; default the named classes (internet, google-apis, vpc). */
  destinations?: DestinationSpec[];
}

export interface Evaluation extends CheckResult {
  /** Every trace the path rules read, for outputs that draw them (HTML). */
  traces: Trace[];
}

export function evaluate(model: Model, options: EvaluateOptions = {}): Evaluation {
  const traces = traceAll(model, options.destinations ?? defaultDestinations());
  return { ...runRules(model, traces, RULES, options), traces };
}
