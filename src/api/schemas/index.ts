/** Every request and response shape of the HTTP API (the web app imports these types). */
export * from './common.js';
export * from './me.js';
export * from './health.js';
export * from './denials.js';
export * from './auto-correction.js';
export * from './jobs.js';
export * from './stats.js';
export * from './handlers.js';
export * from './runs.js';
export * from './reports.js';
export * from './audit.js';
export * from './work.js';
export * from './recovery-brief.js';
