// npm run docs: regenerates the rule table in README.md from the rule catalogue.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/package-info.js';
import { withRuleTable } from '../src/rule-table.js';

const path = join(PACKAGE_ROOT, 'README.md');
writeFileSync(path, withRuleTable(readFileSync(path, 'utf8')));
