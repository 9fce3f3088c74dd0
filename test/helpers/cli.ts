import { run, type Io } from '../../src/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured streams. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, stdoutIsTTY = false, extra: Partial<Io> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    cwd: process.cwd(),
    stdoutIsTTY,
    stderrIsTTY: false,
    now: new Date('2026-11-21T12:00:00Z'),
    ...extra,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
