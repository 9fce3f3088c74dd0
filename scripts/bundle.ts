// npm run build, after tsc: bundles the CLI that package.json "bin" runs into dist/bin/ (cli.js and
// its chunks). Node resolves and reads every module on its own, and that was most of the cold start
// of `egress-lint check` (npm run bench "cold start"): bundled, a check loads half as many files. The
// entry is tsc's output, so TypeScript is compiled by tsc alone; esbuild only joins the modules. Not
// minified: an internal error's stack trace shows readable code.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from '../src/package-info.js';

const outdir = join(PACKAGE_ROOT, 'dist', 'bin');
rmSync(outdir, { recursive: true, force: true }); // chunk names carry content hashes: old ones would pile up

await build({
  entryPoints: [join(PACKAGE_ROOT, 'dist', 'src', 'cli.js')],
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Each import() stays a chunk loaded when reached (output formats, deploy scripts, asset exports,
  // live collection), so a check parses only what it runs; one single file started slower than the
  // unbundled modules.
  splitting: true,
  // Loaded from node_modules by Node, as before bundling:
  // - the Google client libraries, big CommonJS packages that only scan and snapshot load (import() in
  //   src/live);
  // - yaml, CommonJS too: bundled, its require() of Node built-ins fails in an ES module, and import()
  //   of it would lose its named exports, which Node finds. src/deploy/sources.ts require()s it from
  //   node_modules anyway, so one copy loads. (Packages that src/ loads through createRequire, such as
  //   yargs' internals and ajv's runtime, are never bundled: esbuild does not follow those calls.)
  external: ['@google-cloud/*', 'google-gax', 'google-auth-library', 'yaml'],
  // jsonc-parser has no "exports", and its "main" is a UMD build whose require() calls esbuild cannot
  // follow; "module" is its ES build.
  mainFields: ['module', 'main'],
  target: 'node20.19', // package.json engines
  logLevel: 'warning',
});
