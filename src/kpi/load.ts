import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Db } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { log } from '../log.js';
import { fileChecksum, openDelimited } from './line-file.js';
import {
  copyLines,
  copyQuarantine,
  findLoad,
  finishLoad,
  insertLoad,
  summariseLoad,
} from './kpi-line.repository.js';
import { emptyIdrDates, recognise, type KpiLine, type Layout, type LineReader } from './readers/index.js';

/** How one input file went into the KPI store. Counts add up: read = loaded records + quarantined. */
export interface LoadedFile {
  readonly file: string;
  readonly role: 'lines' | 'idr-dates';
  readonly layout: Layout | 'idr-companion';
  /** undefined for a date-only companion file. */
  readonly loadId: number | undefined;
  /** True when the same bytes were loaded before and the earlier load is used. */
  readonly reused: boolean;
  readonly recordsRead: number;
  readonly linesLoaded: number;
  readonly recordsQuarantined: number;
  /** The first few quarantine reasons with their row, for the report and the error line. */
  readonly firstProblems: readonly string[];
}

const BATCH_LINES = 50_000;

/**
 * Loads carrier-line files of any supported layout. IDR companion tables (CLM_LINE, CLM) are read
 * first for their dates; each line file is loaded in its own transaction, or reused when its
 * bytes (and, for IDR, its companions) were loaded before.
 */
export async function loadLineFiles(db: Db, tenant: string, paths: readonly string[]): Promise<LoadedFile[]> {
  const idrDates = emptyIdrDates();
  const opened = await Promise.all(paths.map(async (path) => ({ path, file: await openDelimited(path) })));
  const results: LoadedFile[] = [];
  const companionSums: string[] = [];
  for (const { path, file } of opened) {
    const found = recognise(file.header, idrDates);
    if (found.kind === 'unknown') {
      throw new ReclaimError(
        'INPUT_INVALID',
        `${path}: header matches no carrier-line layout (DE-SynPUF, RIF, IDR CLM_LINE_PRFNL, reclaim); see docs/kpi.md`,
        { file: path },
      );
    }
    if (found.kind !== 'dates') continue;
    let read = 0;
    const problems: { position: number; reason: string }[] = [];
    for await (const rec of file.records()) {
      read++;
      const reason = rec.fields ? found.source.add(rec.fields, idrDates) : 'open quote';
      if (reason) problems.push({ position: rec.position, reason });
    }
    if (problems.length > 0) {
      const p = problems[0]!;
      throw new ReclaimError('INPUT_INVALID', `${path}: row ${p.position}: ${p.reason}`, {
        file: path,
        row: p.position,
      });
    }
    companionSums.push(await fileChecksum(path));
    results.push({
      file: path,
      role: 'idr-dates',
      layout: 'idr-companion',
      loadId: undefined,
      reused: false,
      recordsRead: read,
      linesLoaded: 0,
      recordsQuarantined: 0,
      firstProblems: [],
    });
  }
  for (const { path, file } of opened) {
    const found = recognise(file.header, idrDates);
    if (found.kind !== 'lines') continue;
    let checksum = await fileChecksum(path);
    // An IDR file's dates come from its companions, so they are part of what makes it "the same load".
    if (found.reader.layout === 'idr') checksum = sha256([checksum, ...companionSums.sort()].join('\n'));
    results.push(await loadOne(db, tenant, path, checksum, found.reader, file.records));
  }
  return results;
}

async function loadOne(
  db: Db,
  tenant: string,
  path: string,
  checksum: string,
  reader: LineReader,
  records: () => AsyncGenerator<{ position: number; fields: string[] | undefined }>,
): Promise<LoadedFile> {
  const base = { file: path, role: 'lines' as const, layout: reader.layout };
  const existing = await findLoad(db, tenant, checksum);
  if (existing) {
    return {
      ...base,
      loadId: existing.load_id,
      reused: true,
      recordsRead: existing.records_read,
      linesLoaded: existing.lines_loaded,
      recordsQuarantined: existing.records_quarantined,
      firstProblems: [],
    };
  }
  return db.transaction(async (tx) => {
    const loadId = await insertLoad(tx, tenant, reader.layout, basename(path), checksum);
    let batch: KpiLine[] = [];
    let quarantine: { position: number; reason: string }[] = [];
    const firstProblems: string[] = [];
    let recordsRead = 0;
    let linesLoaded = 0;
    let recordsQuarantined = 0;
    for await (const rec of records()) {
      recordsRead++;
      const result = rec.fields ? reader.readRecord(rec.fields) : { error: 'open quote' };
      if ('error' in result) {
        recordsQuarantined++;
        quarantine.push({ position: rec.position, reason: result.error });
        if (firstProblems.length < 5) firstProblems.push(`row ${rec.position}: ${result.error}`);
      } else {
        for (const line of result.lines) batch.push(line);
      }
      if (batch.length >= BATCH_LINES) {
        await copyLines(tx, tenant, loadId, batch);
        linesLoaded += batch.length;
        batch = [];
      }
      if (quarantine.length >= BATCH_LINES) {
        await copyQuarantine(tx, tenant, loadId, quarantine);
        quarantine = [];
      }
    }
    await copyLines(tx, tenant, loadId, batch);
    linesLoaded += batch.length;
    await copyQuarantine(tx, tenant, loadId, quarantine);
    const counted = await summariseLoad(tx, loadId);
    if (counted !== linesLoaded) {
      throw new ReclaimError(
        'INTERNAL',
        `${path}: summary counted ${counted} lines of ${linesLoaded} loaded`,
      );
    }
    await finishLoad(tx, loadId, { recordsRead, linesLoaded, recordsQuarantined });
    log.info(
      { loadId, layout: reader.layout, recordsRead, linesLoaded, recordsQuarantined },
      'kpi lines loaded',
    );
    return { ...base, loadId, reused: false, recordsRead, linesLoaded, recordsQuarantined, firstProblems };
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
