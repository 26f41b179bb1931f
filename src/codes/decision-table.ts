import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isCategory, type Category } from './categories.js';
import { isHandlerStrategy, type HandlerStrategy } from './strategies.js';

/** Data files ship beside the sources; src/codes and dist/codes both sit two levels below the root. */
export const DECISION_TABLE_PATH = fileURLToPath(
  new URL('../../src/codes/data/decision-table.tsv', import.meta.url),
);

export type CodeVerdict = 'retryable' | 'non_retryable' | 'ambiguous';

export interface DecisionRow {
  /** CO, PR, OA, PI, CR, or '*' for any group. */
  readonly group: string;
  /** A CARC without group prefix, or '*' (only with a specific group). */
  readonly carc: string;
  /** A RARC that must accompany the CARC, or '*'. */
  readonly rarc: string;
  readonly verdict: CodeVerdict;
  readonly category: Category;
  /** In the order the correction engine should try them. */
  readonly strategies: readonly HandlerStrategy[];
  readonly neverAutomate: boolean;
  /** 1-based line in the data file, for error messages and audits. */
  readonly line: number;
}

const VERDICTS: Record<string, CodeVerdict> = { R: 'retryable', N: 'non_retryable', A: 'ambiguous' };

/** Parses the TSV, one row per CARC; throws naming the line on any malformed or duplicate entry. */
export function parseDecisionTable(text: string, file = 'decision-table.tsv'): DecisionRow[] {
  const rows: DecisionRow[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const fail = (why: string): never => {
      throw new Error(`${file}:${line}: ${why}`);
    };
    const cols = raw.split('\t');
    if (cols.length !== 7) fail(`expected 7 tab-separated columns, found ${cols.length}`);
    const [group, carcs, rarc, verdictCode, category, strategies, never] = cols as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const verdict = VERDICTS[verdictCode] ?? fail(`verdict must be R, N or A, not '${verdictCode}'`);
    if (!isCategory(category)) fail(`unknown category '${category}'`);
    const parsedStrategies = strategies === '-' ? [] : strategies.split(',');
    for (const s of parsedStrategies) if (!isHandlerStrategy(s)) fail(`unknown strategy '${s}'`);
    if (never !== 'Y' && never !== 'N') fail(`never must be Y or N, not '${never}'`);
    for (const carc of carcs.split(',')) {
      if (carc === '*' && group === '*') fail('a row for any group must name its CARCs');
      const key = `${group}|${carc}|${rarc}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) fail(`${group}-${carc} (${rarc}) already decided on line ${earlier}`);
      seen.set(key, line);
      rows.push({
        group,
        carc,
        rarc,
        verdict,
        category: category as Category,
        strategies: parsedStrategies as HandlerStrategy[],
        neverAutomate: never === 'Y',
        line,
      });
    }
  });
  return rows;
}

export interface DecisionTable {
  readonly rows: readonly DecisionRow[];
  /** The row deciding one adjustment, or null when the table does not know the code. */
  lookup(group: string, carc: string, rarcs: readonly string[]): DecisionRow | null;
}

export function buildDecisionTable(rows: readonly DecisionRow[]): DecisionTable {
  const byKey = new Map(rows.map((r) => [`${r.group}|${r.carc}|${r.rarc}`, r]));
  const find = (group: string, carc: string, rarcs: readonly string[]): DecisionRow | null => {
    // A RARC-specific row that says "never automate" wins over other RARC rows on the same code.
    const withRarc = rarcs.flatMap((rarc) => byKey.get(`${group}|${carc}|${rarc}`) ?? []);
    return withRarc.find((r) => r.neverAutomate) ?? withRarc[0] ?? byKey.get(`${group}|${carc}|*`) ?? null;
  };
  return {
    rows,
    lookup(group, carc, rarcs) {
      const g = group.toUpperCase();
      const c = carc.toUpperCase();
      return find(g, c, rarcs) ?? byKey.get(`${g}|*|*`) ?? find('*', c, rarcs);
    },
  };
}

let shipped: DecisionTable | undefined;

/** The decision table shipped with Reclaim, read once per process. */
export function decisionTable(): DecisionTable {
  shipped ??= buildDecisionTable(parseDecisionTable(readFileSync(DECISION_TABLE_PATH, 'utf8')));
  return shipped;
}
