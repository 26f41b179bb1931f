import { createHash } from 'node:crypto';

/**
 * The advisory-lock key of one input file (tenant, source system, checksum): 64 bits of their
 * SHA-256. Whoever stores a file (a batch run, an X12 ingest) holds it first, so that two processes
 * given the same file at once store it once. A collision only makes one wait for the other.
 */
export function sourceFileKey(tenant: string, sourceSystem: string, checksum: string): bigint {
  const digest = createHash('sha256').update(`${tenant}\0${sourceSystem}\0${checksum}`).digest();
  return digest.readBigInt64BE(0);
}
