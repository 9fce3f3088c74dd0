// One evaluation: the model, traced and checked by every enabled rule.
import { RULES } from '../rules/index.js';
import { runRules, type CheckOptions, type CheckResult } from './check.js';
import { defaultDestinations, type DestinationSpec } from './engine/destinations.js';
import { traceAll, traceSession } from './engine/trace.js';
import { buildIndex } from './engine/model-index.js';
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
  const index = buildIndex(model);
  const traces = traceAll(model, options.destinations ?? defaultDestinations(), traceSession(model, index));
  return { ...runRules(model, index, traces, RULES, options), traces };
}
