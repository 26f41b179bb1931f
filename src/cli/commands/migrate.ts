import { appliedMigrations, migrate } from '../../db/migrate.js';
import { runAction } from '../context.js';
import type { RegisterCommand } from './command.js';

export const registerMigrate: RegisterCommand = (program, io, setExit) => {
  program
    .command('migrate')
    .description('apply pending database migrations (they also run automatically on every command)')
    .option('--json', 'print a machine-readable result')
    .action(async (opts: { json?: boolean }) => {
      setExit(
        await runAction(io, async (ctx) => {
          const db = await ctx.db();
          // openDatabase has already migrated; a second pass reports what is current.
          const applied = await migrate(db);
          const current = await appliedMigrations(db);
          if (opts.json) io.out(JSON.stringify({ engine: db.engine, applied, current }));
          else
            io.out(`${db.engine}: ${current.length} migrations applied, latest ${current.at(-1) ?? 'none'}`);
        }),
      );
    });
};
