import { accessSync, constants, statSync } from 'node:fs';
import { ReclaimError } from '../errors.js';

/**
 * Checks a path a command was given to read before anything is opened: `INPUT_NOT_FOUND` when
 * nothing is there, `INPUT_INVALID` for a directory or a file this user may not read, each in one
 * line naming the path (they failed later as an unexpected `EISDIR` or `EACCES`). A pipe or
 * `/dev/stdin` reads like a file for commands that read their input once
 * (`reclaim x12 parse <(zcat f.835.gz)`); `regular` refuses it for those that read it more than
 * once (`reclaim ingest`: its checksum, then its rows), where it failed as an unexpected `ESPIPE`.
 */
export function requireInputFile(path: string, options: { readonly regular?: boolean } = {}): void {
  let kind: 'file' | 'directory' | 'other';
  try {
    const stat = statSync(path);
    kind = stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  } catch {
    throw new ReclaimError('INPUT_NOT_FOUND', `${path}: no such file`, { file: path });
  }
  if (kind === 'directory')
    throw new ReclaimError('INPUT_INVALID', `${path}: is a directory: name the files in it`, { file: path });
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new ReclaimError('INPUT_INVALID', `${path}: cannot be read (permission denied)`, { file: path });
  }
  if (kind === 'other' && options.regular)
    throw new ReclaimError(
      'INPUT_INVALID',
      `${path}: not a regular file (a pipe?): it is read twice, for its checksum and its rows; save it to a file first`,
      { file: path },
    );
}
