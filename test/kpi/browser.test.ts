import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { computeKpi } from '../../src/kpi/compute.js';
import { buildReport } from '../../src/kpi/report.js';
import { renderHtml } from '../../src/kpi/report-html.js';
import type { WeekCounts } from '../../src/kpi/kpi-line.repository.js';
import { runRecovery } from '../../src/recovery/run.js';
import { tempDir } from '../support/temp.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']; // prettier-ignore

const week = (weekStart: string, denials: number): WeekCounts => ({
  weekStart,
  lines: 100,
  comparableLines: 90,
  denialLines: denials,
  allowedLines: 90 - denials,
  mspCobLines: 5,
  adminLines: 2,
  benefitsExhaustedLines: 1,
  unknownPrcsgLines: 2,
  leakMspComparable: 0,
  leakMspDenial: 0,
  leakBucketMspDenial: 0,
  leakComparableCode: 0,
  leakComparableMspEvidence: 0,
});

void describe(
  'reports in headless Chromium',
  { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed` },
  () => {
    let browser: Browser;
    const dir = tempDir('reclaim-browser-');
    before(async () => (browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })));
    after(() => browser?.close());

    void it('draws the KPI trend as inline SVG, offline', async () => {
      const counts = ['2024-01-01', '2024-01-08', '2024-01-15'].map((w, i) => week(w, 9 + i));
      const options = { asOf: '2024-03-31', includeBenefitsExhausted: false };
      const report = buildReport('carrier files', [], computeKpi(counts, options), options, null);
      const file = join(dir, 'kpi.html');
      writeFileSync(file, renderHtml(report));
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${file}`);
      const box = await page.locator('#trend svg').boundingBox();
      assert.ok(box && box.width > 700 && box.height > 300, JSON.stringify(box));
      assert.equal(await page.locator('#trend svg polyline').count(), 2);
      assert.equal(await page.locator('#trend svg circle').count(), 6);
      assert.deepEqual(requests, [`file://${file}`]);
      await page.close();
    });

    void it('draws the brief charts and shows the run header', async () => {
      await runRecovery(() => Promise.reject(new Error('no database')), 'default', {
        outDir: dir,
        workqueueSize: 5,
        week: undefined,
        fromCsv: 'test/fixtures/kpi/recovery-mart.csv',
      });
      const page = await browser.newPage();
      await page.goto(`file://${join(dir, 'denials_recovery_brief_v1.html')}`);
      assert.equal(await page.locator('#priority-chart svg rect').count(), 4);
      assert.equal(await page.locator('#aging-chart svg rect').count(), 4);
      assert.match(
        await page.locator('pre').innerText(),
        /^ANCHOR_MODE=latest_data_week\nCURRENT_DATASET_WEEK_KEY=2026-W47\n/,
      );
      await page.close();
    });
  },
);
