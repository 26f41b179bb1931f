import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` beside `base` (a module's `import.meta.url`). From
 * the build the module is compiled JavaScript; from sources (tests, development) it is TypeScript,
 * and a worker does not inherit the main thread's tsx hooks, so it registers them first.
 */
export function startThread(base: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSources = base.endsWith('.ts');
  const entry = new URL(`./${name}.${fromSources ? 'ts' : 'js'}`, base);
  return fromSources
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`,
        { ...options, eval: true },
      )
    : new Worker(entry, options);
}
