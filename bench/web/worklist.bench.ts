// The worklist in the browser at scale: `npx tsx bench/web/worklist.bench.ts [--denials 100000]
// [--engine pglite|postgres] [--rounds 5]`. Seeds the denials through `demo seed`'s service, serves
// the API and the built app (`npm run build:web` first) in this process, and drives Debian's
// Chromium. Times are taken inside the page: from navigation start (or the filter's submit) to
// the first animation frame after the rows are in the document, i.e. the table painted.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../../src/api/app.js';
import { signToken } from '../../src/api/auth/sign.js';
import { hs256Verifier } from '../../src/api/auth/verifier.js';
import { SCOPES } from '../../src/api/schemas/common.js';
import { loadConfig } from '../../src/config/config.js';
import { seedDemoDenials } from '../../src/correction/demo-data.repository.js';
import type { Db } from '../../src/db/db.js';
import { migrate } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import { openPostgres } from '../../src/db/postgres.js';

const { values } = parseArgs({
  options: {
    denials: { type: 'string', default: '100000' },
    engine: { type: 'string', default: 'pglite' },
    rounds: { type: 'string', default: '5' },
  },
});
const denials = Number(values.denials);
const rounds = Number(values.rounds);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']; // prettier-ignore
const SECRET = randomBytes(32).toString('base64url');

async function openDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (values.engine === 'pglite') {
    const db = await openPglite(undefined);
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('--engine postgres needs DATABASE_URL');
  const name = `reclaim_bench_web_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  await migrate(db);
  return {
    db,
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/**
 * Records in the page when the worklist's rows were painted: a mutation observer notes the
 * first frame after the status line reads a finished count, relative to navigation start.
 */
const PAINT_PROBE = `
  window.__painted = [];
  new MutationObserver(() => {
    const s = document.querySelector('p.summary');
    const text = s ? s.textContent : '';
    // While a new answer is awaited the count may read the same as before (a capped total):
    // forget the last one, so the finished count after a filter change is recorded again.
    if (!text || text.includes('updating')) { window.__lastSummary = ''; return; }
    if (text === window.__lastSummary) return;
    window.__lastSummary = text;
    requestAnimationFrame(() => requestAnimationFrame((t) => window.__painted.push({ text, t })));
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

async function paintedAfter(page: Page, count: number): Promise<{ text: string; t: number }> {
  type Probe = { __painted: { text: string; t: number }[] };
  // A function, not a string: the page's content security policy forbids eval.
  await page.waitForFunction((n) => ((globalThis as unknown as Probe).__painted?.length ?? 0) >= n, count, {
    timeout: 60_000,
  });
  return page.evaluate((n) => (globalThis as unknown as Probe).__painted[n - 1]!, count);
}

interface Timings {
  html: number;
  script: number;
  api: number;
  apiMs: number;
}

/** Where a first render's time went: the page's HTML and script, and the worklist's API answer. */
function timings(page: Page): Promise<Timings> {
  // A string, not a function: tsx would wrap a function's inner helpers in its own __name.
  return page.evaluate(String.raw`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    const of = (re) => res.filter((r) => re.test(r.name));
    const max = (xs) => Math.max(0, ...xs);
    return {
      html: nav.responseEnd,
      script: max(of(/\/assets\/index-[^/]*\.js$/).map((r) => r.responseEnd)),
      api: max(of(/\/denials\?/).map((r) => r.responseEnd)),
      apiMs: max(of(/\/denials\?/).map((r) => r.duration)),
    };
  })()`) as Promise<Timings>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { db, drop } = await openDb();
  const t0 = performance.now();
  for (let done = 0; done < denials; done += 20_000)
    await db.transaction((tx) =>
      seedDemoDenials(tx, 'default', Math.min(20_000, denials - done), `B${done}`),
    );
  const seedSeconds = (performance.now() - t0) / 1000;
  const app = await buildApp({ db, config: loadConfig({}), auth: { verifier: hs256Verifier(SECRET) } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const token = await signToken(SECRET, {
    tenant: 'default',
    scopes: [...SCOPES],
    subject: 'bench',
    ttlSeconds: 3600,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });

  const first: number[] = [];
  const filter: number[] = [];
  const parts: Timings[] = [];
  for (let r = 0; r < rounds; r++) {
    // A new context each round: an empty cache of the app's files and of the query cache.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(
      `sessionStorage.setItem('reclaim.token', ${JSON.stringify(token)});${PAINT_PROBE}`,
    );
    const page = await context.newPage();
    await page.goto(`${origin}/ui/denials`);
    const painted = await paintedAfter(page, 1);
    // Totals past 10,000 are shown capped (GET /denials counts exactly up to 10,000).
    const total = denials > 10_000 ? '10,000+' : denials.toLocaleString('en-US');
    if (!painted.text.startsWith(`${total} denials`)) throw new Error(`unexpected: ${painted.text}`);
    first.push(painted.t);
    parts.push(await timings(page));
    // A filter change: submit the form, then the next painted count.
    await page.getByLabel('CARC').fill(r % 2 === 0 ? 'CO-16' : 'CO-97');
    const submitted = (await page.evaluate(
      `(() => { const t = performance.now(); document.querySelector('form.filters').requestSubmit(); return t; })()`,
    )) as number;
    const after = await paintedAfter(page, 2);
    filter.push(after.t - submitted);
    await context.close();
  }
  await browser.close();
  await app.close();
  await drop();

  const dir = 'web/dist/assets';
  const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const gz = js.reduce((s, f) => s + gzipSync(readFileSync(`${dir}/${f}`)).length, 0);
  const raw = js.reduce((s, f) => s + readFileSync(`${dir}/${f}`).length, 0);
  console.log(
    `machine: ${cpus().length}× ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `engine: ${values.engine}; ${denials.toLocaleString('en-US')} denials seeded in ${seedSeconds.toFixed(1)} s; ${rounds} rounds`,
  );
  console.log('| measure | median (ms) | max (ms) | all (ms) |');
  console.log('|---|---:|---:|---|');
  for (const [name, xs] of [
    ['first render after sign-in', first],
    ['filter change', filter],
  ] as const)
    console.log(
      `| ${name} | ${median(xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} | ${xs.map((x) => x.toFixed(0)).join(', ')} |`,
    );
  const mid = (k: keyof Timings) => median(parts.map((p) => p[k])).toFixed(0);
  console.log(
    `first render, medians from navigation start: HTML ${mid('html')} ms, main script ${mid('script')} ms, worklist API answered ${mid('api')} ms (its request ${mid('apiMs')} ms)`,
  );
  console.log(
    `built JavaScript: ${js.length} file(s), ${(raw / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped`,
  );
}

await main();
