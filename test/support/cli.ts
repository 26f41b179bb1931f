import { spawn } from 'node:child_process';
import type { Io } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
  /** Wall time, in ms. */
  readonly ms: number;
}

/**
 * `reclaim …` in a process of its own, from the sources (no build), with `env` added to the
 * environment; DATABASE_URL is cleared unless `env` sets it (the embedded database).
 */
export function reclaimBin(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { timeoutMs?: number; stdin?: string } = {},
): Promise<CliResult> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/reclaim-dev.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', NATS_URL: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.stdin ?? '');
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err, ms: performance.now() - started });
    }),
  );
}

/** `reclaim …` in this process, through the CLI's own entry point; what it prints is captured. */
export async function reclaimInProcess(
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => void (out += t.endsWith('\n') ? t : t + '\n'),
    err: (t) => void (err += t.endsWith('\n') ? t : t + '\n'),
    isTty: false,
  };
  const code = await main(['node', 'reclaim', ...args], io);
  return { code, out, err };
}
