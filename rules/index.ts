// The rule catalogue, in the order rules are listed and documented. Ids are a contract.
import type { Rule } from '../src/rule.js';

export const RULES: readonly Rule[] = [];
