import { registerClassify } from './classify.js';
import type { RegisterCommand } from './command.js';
import { registerAttempts } from './attempts.js';
import { registerCorrect } from './correct.js';
import { registerDemo } from './demo.js';
import { registerEvents } from './events.js';
import { registerPreview } from './preview.js';
import { registerStats } from './stats.js';
import { registerIngest } from './ingest.js';
import { registerKpi } from './kpi.js';
import { registerMigrate } from './migrate.js';
import { registerRecovery } from './recovery.js';
import { registerRun } from './run.js';
import { registerX12 } from './x12.js';

/** Every sub-command of `reclaim`, in help order. */
export const commands: readonly RegisterCommand[] = [
  registerRun,
  registerMigrate,
  registerIngest,
  registerX12,
  registerKpi,
  registerRecovery,
  registerClassify,
  registerCorrect,
  registerPreview,
  registerAttempts,
  registerStats,
  registerDemo,
  registerEvents,
];
