import { statSync } from 'node:fs';
import { ReclaimError } from '../errors.js';

/**
 * Checks that a path a command was given to read is a file: `INPUT_NOT_FOUND` when nothing is
 * there, `INPUT_INVALID` for a directory (or a socket, a device), named in one line, before the
 * command opens anything. Reading a directory failed later as an unexpected `EISDIR`.
 */
export function requireInputFile(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new ReclaimError('INPUT_NOT_FOUND', `${path}: no such file`, { file: path });
  }
  if (!isFile)
    throw new ReclaimError('INPUT_INVALID', `${path}: not a file (a directory? name the files in it)`, {
      file: path,
    });
}
