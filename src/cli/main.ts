import { Command, CommanderError } from 'commander';
import { invocation, processIo, type Invocation, type Io } from './context.js';
import { commands } from './commands/index.js';
import { setLockCommand } from '../db/lock-command.js';
import { applyConventions, packageVersion } from './conventions.js';

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
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  const named = commands.filter((c) => c.name === argv[2]);
  for (const entry of named.length > 0 ? named : commands) (await entry.load())(program, io, setExit);
  addTenantOption(program);
  applyConventions(program, io);
  program.hook('preAction', (_program, action) => {
    const tenant = action.opts<{ tenant?: string }>().tenant;
    const state = invocation.getStore();
    if (state && tenant !== undefined) state.tenant = tenant;
  });
  return program;
}

/** Entry point: returns the process exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code = 0;
  // What this process says it is to another one waiting for the embedded database.
  setLockCommand(`reclaim ${argv[2] ?? ''}`.trim());
  const program = await buildProgram(argv, io, (c) => (code = c));
  try {
    const state: Invocation = {};
    await invocation.run(state, () => program.parseAsync(argv as string[]));
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return code;
}

/** Commands that do not work on one tenant's data (or name the tenant themselves). */
const NO_TENANT: ReadonlySet<string> = new Set(['migrate', 'x12', 'tenant', 'serve', 'token', 'help']);

/**
 * `--tenant ID` on every command that touches tenant data (default RECLAIM_TENANT, then
 * `default`); `runAction` reads it through the invocation.
 */
function addTenantOption(program: Command): void {
  const visit = (command: Command, top: string): void => {
    if (command.commands.length > 0) {
      for (const sub of command.commands) visit(sub, top);
      return;
    }
    if (NO_TENANT.has(top) || command.options.some((o) => o.long === '--tenant')) return;
    command.option('--tenant <id>', 'the tenant (default: RECLAIM_TENANT, then default)');
  };
  for (const command of program.commands) visit(command, command.name());
}
