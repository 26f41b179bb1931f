import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Io } from './context.js';

/** The package's version, read once from package.json beside `dist/` and `src/`. */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/**
 * The same conventions on every command, applied once all are registered: a usage mistake is one
 * line naming where to look (`reclaim: unknown option '--bogus' (see \`reclaim run --help\`)`),
 * not the whole help; required options say so; every default reads `(default: value)`.
 */
export function applyConventions(command: Command, io: Io, path = command.name()): void {
  command.showHelpAfterError(false);
  command.configureOutput({
    writeOut: (s) => io.out(s),
    writeErr: (s) => io.err(s),
    outputError: (text, write) =>
      write(`reclaim: ${text.replace(/^error: /, '').trim()} (see \`${path} --help\`)\n`),
  });
  for (const option of command.options) {
    if (option.mandatory && !option.description.startsWith('(required)'))
      option.description = `(required) ${option.description}`;
    // Commander quotes string defaults ("out") and not others (7): one style, unquoted.
    if (option.defaultValue !== undefined && option.defaultValueDescription === undefined)
      option.defaultValueDescription = String(option.defaultValue);
  }
  for (const sub of command.commands) applyConventions(sub, io, `${path} ${sub.name()}`);
}
