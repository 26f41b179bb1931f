import type { RegisterCommand } from './command.js';

/** A sub-command by name, with its module loaded only when that command (or the full help) is asked for. */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<RegisterCommand>;
}

/**
 * Every sub-command of `reclaim`, in help order. Loading is deferred because each command pulls in
 * its own services (the embedded database, the classifier model, X12 readers): loading them all
 * took about half a second on every start.
 */
export const commands: readonly CommandEntry[] = [
  { name: 'run', load: async () => (await import('./run.js')).registerRun },
  { name: 'migrate', load: async () => (await import('./migrate.js')).registerMigrate },
  { name: 'ingest', load: async () => (await import('./ingest.js')).registerIngest },
  { name: 'x12', load: async () => (await import('./x12.js')).registerX12 },
  { name: 'kpi', load: async () => (await import('./kpi.js')).registerKpi },
  { name: 'recovery', load: async () => (await import('./recovery.js')).registerRecovery },
  { name: 'classify', load: async () => (await import('./classify.js')).registerClassify },
  { name: 'correct', load: async () => (await import('./correct.js')).registerCorrect },
  { name: 'preview', load: async () => (await import('./preview.js')).registerPreview },
  { name: 'attempts', load: async () => (await import('./attempts.js')).registerAttempts },
  { name: 'stats', load: async () => (await import('./stats.js')).registerStats },
  { name: 'reference', load: async () => (await import('./reference.js')).registerReference },
  { name: 'demo', load: async () => (await import('./demo.js')).registerDemo },
  { name: 'events', load: async () => (await import('./events.js')).registerEvents },
  { name: 'serve', load: async () => (await import('./serve.js')).registerServe },
  { name: 'token', load: async () => (await import('./token.js')).registerToken },
  { name: 'tenant', load: async () => (await import('./tenant.js')).registerTenant },
  { name: 'audit', load: async () => (await import('./audit.js')).registerAudit },
];
