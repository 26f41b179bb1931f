import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReclaimError } from '../errors.js';
import { makeDirectory } from '../io/directories.js';

/** Writes files into `dir` so that a reader never sees half of one: temporary name, then rename. */
export function writeOutputs(dir: string, files: Readonly<Record<string, string>>): string[] {
  try {
    makeDirectory(dir);
    return Object.entries(files).map(([name, content]) => {
      const path = join(dir, name);
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, content);
      renameSync(tmp, path);
      return path;
    });
  } catch (error) {
    throw new ReclaimError(
      'OUTPUT_NOT_WRITABLE',
      `${dir}: cannot write outputs: ${(error as Error).message}`,
      { dir },
      {
        cause: error,
      },
    );
  }
}

/** One CSV field: quoted when it holds a delimiter, a quote or a line break. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
