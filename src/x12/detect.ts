import { open } from 'node:fs/promises';

/** Bytes enough to see past a BOM and leading blank lines to the first segment id. */
const SNIFF_BYTES = 512;

/**
 * Whether a file is X12 by its content, not its name: after an optional BOM and blank space it
 * starts with `ISA` or `ST` followed by a separator that cannot be part of a code.
 */
export async function looksLikeX12(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const text = buffer
      .subarray(0, bytesRead)
      .toString('latin1')
      .replace(/^(\xef\xbb\xbf)?[\s]*/, '');
    return /^(ISA[^\w\s]|ST[^\w\s]8[35]{2})/.test(text);
  } finally {
    await handle.close();
  }
}
