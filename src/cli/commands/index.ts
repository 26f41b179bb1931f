import type { RegisterCommand } from './command.js';
import { registerMigrate } from './migrate.js';

/** Every sub-command of `reclaim`, in help order. */
export const commands: readonly RegisterCommand[] = [registerMigrate];
