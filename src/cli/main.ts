import { Command, CommanderError } from 'commander';
import { processIo, type Io } from './context.js';
import { commands } from './commands/index.js';

/**
 * Builds the `reclaim` program; each command file adds one sub-command. Only the command named in
 * `argv` is loaded when there is one; otherwise (help, a typo) all of them, so help lists them all.
 */
export async function buildProgram(
  argv: readonly string[],
  io: Io,
  setExit: (code: number) => void,
): Promise<Command> {
  const program = new Command('reclaim')
    .description('Recover revenue from denied health-insurance claims.')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  const named = commands.filter((c) => c.name === argv[2]);
  for (const entry of named.length > 0 ? named : commands) (await entry.load())(program, io, setExit);
  return program;
}

/** Entry point: returns the process exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = await buildProgram(argv, io, (c) => (code = c));
  try {
    await program.parseAsync(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return code;
}
