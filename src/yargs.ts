// yargs, built the way yargs/index.mjs builds it, except that its help renderer loads on first use.
//
// yargs/index.mjs hands YargsFactory a Node platform shim (yargs/lib/platform-shims/esm.mjs) that
// imports cliui and string-width as it loads. They lay out help text and nothing else, yet loading
// them (15 modules, and string-width creates an Intl.Segmenter, which loads ICU data) was the largest
// remaining part of the cold start of `egress-lint check` (npm run bench "cold start"). This module
// builds the same shim with cliui and stringWidth required when help is first rendered: yargs calls
// them synchronously, and require() of an ES module needs no flag from Node 20.19 (engines).
//
// Internal API: YargsFactory and the shim's members are not exported by yargs. Everything resolves
// from yargs' own shim file, so the packages are the ones yargs itself would load (y18n and escalade
// through their CommonJS builds: the same code). test/cli.test.ts prints help through the built CLI,
// so a yargs release that changes any of this fails the tests; package.json pins yargs to the exact
// version tested, so an install never picks up a release these paths have not been tested with.
import { notStrictEqual, strictEqual } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import type Yargs from 'yargs';

const SHIM_FILE = fileURLToPath(new URL('lib/platform-shims/esm.mjs', import.meta.resolve('yargs')));
const fromYargs = createRequire(SHIM_FILE);

const { YargsFactory } = fromYargs('../../build/lib/yargs-factory.js') as { YargsFactory: (shim: unknown) => typeof Yargs };
const { getProcessArgvBin } = fromYargs('../../build/lib/utils/process-argv.js') as { getProcessArgvBin: () => string };
const getCallerFile = fromYargs('get-caller-file') as (position?: number) => string;
const y18n = fromYargs('y18n') as (opts: { directory: string; updateFiles: boolean }) => unknown;

type Cliui = (opts: unknown) => unknown;
let cliui: Cliui | undefined;
let stringWidth: ((text: string) => number) | undefined;

// The members, their order and their values are esm.mjs's (yargs 18).
const mainFilename = SHIM_FILE.substring(0, SHIM_FILE.lastIndexOf('node_modules'));
const shim = {
  assert: { notStrictEqual, strictEqual },
  cliui: (opts: unknown) => (cliui ??= fromYargs('cliui') as Cliui)(opts),
  findUp: fromYargs('escalade/sync'),
  getEnv: (key: string) => process.env[key],
  inspect,
  getProcessArgvBin,
  mainFilename: mainFilename || process.cwd(),
  Parser: fromYargs('yargs-parser'),
  path: { basename, dirname, extname, relative, resolve, join },
  process: {
    argv: () => process.argv,
    cwd: process.cwd,
    emitWarning: (warning: string, type: string) => process.emitWarning(warning, type),
    execPath: () => process.execPath,
    exit: (code: number) => {
      process.exit(code);
    },
    nextTick: process.nextTick,
    stdColumns: typeof process.stdout.columns !== 'undefined' ? process.stdout.columns : null,
  },
  readFileSync,
  readdirSync,
  require: fromYargs,
  getCallerFile: () => {
    const callerFile = getCallerFile(3);
    return callerFile.match(/^file:\/\//) ? fileURLToPath(callerFile) : callerFile;
  },
  stringWidth: (text: string) => (stringWidth ??= (fromYargs('string-width') as { default: (text: string) => number }).default)(text),
  y18n: y18n({ directory: resolve(SHIM_FILE, '../../../locales'), updateFiles: false }),
};

export default YargsFactory(shim);
