import { ReclaimError } from '../errors.js';

/**
 * The one error every X12 read failure becomes: code `INVALID_X12`, naming the file and the
 * 1-based index of the segment where reading stopped (details `{ file, segment }`).
 */
export function x12Error(file: string, segment: number, message: string): ReclaimError {
  return new ReclaimError('INVALID_X12', `${file}: segment ${segment}: ${message}`, { file, segment });
}
