import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { StatsResponse } from '../../src/api/schemas/stats.js';
import { ENGINES } from '../support/databases.js';
import { seedDemoDenials } from '../../src/correction/demo-data.repository.js';
import { failAppealsOf, failNextAppeal, importProviders, ingestFollowUp, seedTenants } from './seed.js';
import { CHROMIUM, SHOTS, signIn, snapshot, startUi, type Ui } from './support.js';

/** Opens a demo denial by its account number from a worklist search. */
async function openDenial(ui: Ui, page: Page, pcn: string): Promise<string> {
  await page.goto(`${ui.origin}/ui/denials?q=${pcn}`);
  await page.getByRole('link', { name: pcn, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `Denial ${pcn}` }).waitFor();
  return page.url();
}

async function correctionsTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Corrections' }).click();
  await page.getByRole('heading', { name: 'Auto-Correction Engine' }).waitFor();
}

const banner = (page: Page) => page.locator('.banner');

interface JobState {
  done: number;
  max: number;
  label: string;
  counts: string;
}

/** Records the job page's progress bar, its label and the outcome counts each time they change. */
const RECORD_JOB_STATES = `(() => {
  window.__jobStates = [];
  const record = () => {
    const bar = document.querySelector('progress');
    if (!bar) return;
    const s = {
      done: Number(bar.getAttribute('value')),
      max: Number(bar.getAttribute('max')),
      label: document.querySelector('label.progress').textContent,
      counts: [...document.querySelectorAll('[data-count]')].map((e) => e.textContent).join(' '),
    };
    const last = window.__jobStates[window.__jobStates.length - 1];
    if (!last || JSON.stringify(last) !== JSON.stringify(s)) window.__jobStates.push(s);
  };
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
})()`;

/** The bulk apply's cohort, in acme beside the 30 denials of the rest of the flow. */
const BULK_DENIALS = 8000;
const BULK_TEXT = BULK_DENIALS.toLocaleString('en-US');

for (const engine of ENGINES) {
  void describe(
    `the operator UI in Chromium, on ${engine}`,
    { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed` },
    () => {
      let ui: Ui;
      let page: Page;
      let firstDenialUrl = '';
      before(async () => {
        ui = await startUi(engine);
        await seedTenants(ui.api.db);
        page = await ui.page('laptop');
      });
      after(async () => {
        await page?.context().close();
        await ui?.close();
      });

      void it('signs in with the development sign-in and shows tenant, subject and scopes', async () => {
        await page.goto(`${ui.origin}/`);
        await page.waitForURL(/\/ui\/sign-in/);
        await snapshot(page, 'sign-in');
        await signIn(ui, page, 'Acme Clinic', 'Operator and manager (all scopes)');
        const identity = page.getByLabel('Signed in as');
        await identity.getByText('operator@example.test').waitFor();
        assert.match(
          await identity.innerText(),
          /Acme Clinic \(acme\)[\s\S]*denials\.read denials\.update reports\.read\.financial reports\.read\.operational/,
        );
        await page.getByText('30 denials').waitFor();
        await snapshot(page, 'worklist');
      });

      void it('filters the worklist, keeps the filter and sort in the URL across a reload, and pages', async () => {
        await page.getByLabel('CARC').fill('co-4');
        await page.getByRole('button', { name: 'Apply filters' }).click();
        await page.waitForURL(/carc=CO-4/);
        await page.getByText('12 denials').waitFor();
        await page.getByRole('button', { name: 'Denied' }).click();
        await page.waitForURL(/sort=amount/);
        await page.reload();
        await page.getByText('12 denials').waitFor();
        assert.equal(await page.getByLabel('CARC').inputValue(), 'CO-4');
        assert.equal(
          await page.getByRole('columnheader', { name: 'Denied' }).getAttribute('aria-sort'),
          'ascending',
        );
        const amounts = await page.locator('tbody tr td.num:nth-of-type(3)').allInnerTexts();
        const cents = amounts.map((a) => Number(a.replace(/[$,]/g, '')));
        assert.deepEqual(
          cents,
          [...cents].sort((a, b) => a - b),
        );
        await page.getByLabel('Rows per page').selectOption('25');
        await page.waitForURL(/limit=25/);
        // Back through the page size, the sort and the filter, to the unfiltered list.
        for (const gone of [/limit=25/, /sort=amount/, /carc=CO-4/]) {
          await page.goBack();
          await page.waitForURL((u) => !gone.test(u.search));
        }
        await page.getByText('30 denials').waitFor();
        await page.goForward();
        await page.getByText('12 denials').waitFor();
        await snapshot(page, 'worklist-filtered');
        // The other kind: patient shares to bill (the seed has none), then back to denials.
        await page.getByLabel('Kind').selectOption('patient_liability');
        await page.getByRole('button', { name: 'Apply filters' }).click();
        await page.waitForURL(/kind=patient_liability/);
        await page.getByRole('heading', { name: 'No patient-liability items match' }).waitFor();
        await page.goBack();
        await page.getByText('12 denials').waitFor();
      });

      void it('names patient-liability items as such from the worklist to the bulk dry run', async () => {
        // The demo seed files its PR-2 case as a denial; an 835 files a patient share as this kind.
        const share = `UPDATE billing.denial SET kind = $1 WHERE tenant_id = 'acme' AND patient_control_number = 'W-9'`;
        await ui.api.db.query(share, ['patient_liability']);
        try {
          await page.goto(`${ui.origin}/ui/denials?kind=patient_liability`);
          await page.getByText('1 patient-liability item').waitFor();
          await page.getByRole('checkbox', { name: 'Select patient-liability item W-9' }).check();
          await page.getByRole('link', { name: 'Bulk correct 1 selected' }).click();
          await page.getByText('1 selected patient-liability item').waitFor();
          await page.getByRole('button', { name: 'Dry run' }).click();
          await page.getByRole('button', { name: 'Apply to 1 patient-liability item' }).waitFor();
          const dry = page.getByRole('region', { name: /Dry run/ });
          assert.match(await dry.innerText(), /Patient-liability items\s+1/);
          await snapshot(page, 'bulk-patient-liability');
        } finally {
          await ui.api.db.query(share, ['denial']);
        }
      });

      void it('opens a denial: header, lines with code descriptions, classification', async () => {
        firstDenialUrl = await openDenial(ui, page, 'W-1');
        const facts = await page.locator('dl.facts').first().innerText();
        assert.match(facts, /Patient control number\s+W-1/);
        assert.match(facts, /Payer claim control number\s+W-ICN1/);
        assert.match(facts, /Denied\s+\$1[\d,]+\.00/);
        await page.getByRole('heading', { name: 'Service lines' }).waitFor();
        assert.match(await page.locator('table').first().innerText(), /99213/);
        await snapshot(page, 'denial-claim');
      });

      void it('previews the corrected claim: frequency 1 → 7, REF*F8, modifiers line by line', async () => {
        await correctionsTab(page);
        await page.getByRole('link', { name: /Co4ModifierHandler/ }).waitFor();
        await page.getByRole('button', { name: 'Preview' }).click();
        await page.waitForURL(/tab=corrections.*preview=1|preview=1.*tab=corrections/);
        const preview = page.getByRole('region', { name: /Preview/ });
        await preview.getByText('Claim frequency (CLM05-3)').waitFor();
        const text = await preview.innerText();
        assert.match(text, /Claim frequency \(CLM05-3\)\s+1\s+7/);
        assert.match(text, /Original claim reference \(REF\*F8\)\s+—\s+W-ICN1/);
        assert.match(text, /1\s+99213\s+—\s+SA/);
        await snapshot(page, 'denial-preview');
      });

      void it('applies the correction: SUCCESS, the banner and the History drawer change, the 837 downloads', async () => {
        assert.equal(await banner(page).count(), 0);
        await page.getByRole('button', { name: 'Apply auto-correction' }).click();
        await page.getByText(/Co4ModifierHandler succeeded: corrected claim \d+/).waitFor();
        await banner(page).getByText('SUCCESS').waitFor();
        await page.getByRole('button', { name: /^History \(1\)$/ }).click();
        const drawer = page.getByRole('dialog', { name: 'Correction history' });
        await drawer.waitFor();
        assert.match(page.url(), /drawer=history/);
        const attempts = drawer.getByRole('list', { name: 'Attempts, newest first' }).getByRole('listitem');
        assert.equal(await attempts.count(), 1);
        await attempts.first().getByText('operator@example.test').waitFor();
        assert.match(
          await attempts.first().innerText(),
          /SUCCESS\s+Co4ModifierHandler on CO-4[\s\S]*Rebilled claim\s+#\d+[\s\S]*Triggered by\s+operator@example\.test/,
        );
        await drawer.getByText('Handler details (JSON)').click();
        await snapshot(page, 'history-drawer');
        await page.keyboard.press('Escape');
        await drawer.waitFor({ state: 'hidden' });
        assert.doesNotMatch(page.url(), /drawer=history/);
        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: 'Download corrected 837' }).click();
        const file = await download;
        assert.equal(file.suggestedFilename(), 'W-1.837');
      });

      void it('a second apply with Force retry is refused with ALREADY_CORRECTED in plain words', async () => {
        await page.getByLabel('Force retry').check();
        await page.getByRole('button', { name: 'Re-run' }).click();
        await page
          .getByRole('alert')
          .getByText(/already corrected/)
          .waitFor();
        assert.match(
          await page.getByRole('alert').innerText(),
          /correct it there and let the next denial drive a fresh correction/,
        );
        await snapshot(page, 'already-corrected');
      });

      void it('SKIPPED without the data it needs; after loading providers, Re-run with Force retry succeeds', async () => {
        await openDenial(ui, page, 'W-3');
        await correctionsTab(page);
        await page.getByRole('button', { name: 'Apply auto-correction' }).click();
        await page.getByText(/Co4ModifierHandler skipped: context snapshot incomplete/).waitFor();
        await banner(page).getByText('SKIPPED').waitFor();
        await importProviders(ui.api.db, 'acme');
        await page.getByLabel('Force retry').check();
        await page.getByRole('button', { name: 'Re-run' }).click();
        await page.getByText(/Co4ModifierHandler succeeded/).waitFor();
        await banner(page).getByText('SUCCESS').waitFor();
        await snapshot(page, 'skipped-then-success');
      });

      void it('a FAILED attempt shows its reason in the History and re-runs without Force retry', async () => {
        await failNextAppeal(ui.api.db);
        await openDenial(ui, page, 'W-7');
        await correctionsTab(page);
        await page.getByRole('button', { name: 'Apply auto-correction' }).click();
        await page.getByText(/Co29TimelyFilingHandler ran but failed/).waitFor();
        await page.getByRole('button', { name: /^History \(\d+\)$/ }).click();
        const drawer = page.getByRole('dialog', { name: 'Correction history' });
        assert.match(
          await drawer.innerText(),
          /FAILED[\s\S]*Failure reason\s+[^\n]*appeal store unavailable/,
        );
        await page.keyboard.press('Escape');
        assert.equal(await page.getByLabel('Force retry').isChecked(), false);
        await page.getByRole('button', { name: 'Re-run' }).click();
        await page.getByText(/Co29TimelyFilingHandler succeeded/).waitFor();
        await banner(page).getByText('SUCCESS').waitFor();
      });

      void it('assigns a denial and notes it; the history names who and when; "My denials" finds it', async () => {
        await page.goto(firstDenialUrl);
        await page.getByRole('tab', { name: 'Owner and notes' }).click();
        await page.getByLabel('Owner group').selectOption('Coding');
        await page.getByRole('button', { name: 'Assign to me' }).click();
        await page
          .getByTestId('owner')
          .getByText(/operator@example\.test · Coding/)
          .waitFor();
        await page.getByLabel('New note').fill('Called the payer; resubmission expected Friday.');
        await page.getByRole('button', { name: 'Add note' }).click();
        await page
          .getByRole('list', { name: 'Notes, newest first' })
          .getByText('Called the payer; resubmission expected Friday.')
          .waitFor();
        const region = page.getByRole('region', { name: 'Timeline' });
        await region.getByText('operator@example.test added a note').waitFor();
        const timeline = await region.innerText();
        assert.match(timeline, /operator@example\.test assigned it to operator@example\.test in Coding/);
        assert.match(timeline, /operator@example\.test added a note/);
        assert.match(timeline, /Co4ModifierHandler SUCCESS/);
        await snapshot(page, 'denial-owner-notes');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Worklist' }).click();
        await page.getByRole('button', { name: 'My denials' }).click();
        await page.waitForURL(/owner=me/);
        await page.getByText('1 denial ·').waitFor();
        await page.getByRole('link', { name: 'W-1', exact: true }).waitFor();
      });

      void it('bulk: dry run projects outcomes per handler, the job shows progress and links its failures', async () => {
        await page.goto(`${ui.origin}/ui/denials?carc=CO-16`);
        await page.getByText('6 denials').waitFor();
        await page.getByRole('link', { name: 'Bulk correct this filter' }).click();
        await page.getByRole('button', { name: 'Dry run' }).click();
        const dry = page.getByRole('region', { name: /Dry run/ });
        await dry.waitFor();
        assert.match(await dry.innerText(), /Denials\s+6[\s\S]*Co16MissingInfoHandler\s+3\s+0\s+3/);
        await snapshot(page, 'bulk-dry-run');
        await page.getByRole('button', { name: 'Apply to 6 denials' }).click();
        await page.waitForURL(/\/ui\/jobs\//);
        await page.getByRole('heading', { name: 'Bulk job: done' }).waitFor();
        assert.match(await page.locator('label.progress').innerText(), /6 of 6 denials \(100 %\)/);
        assert.equal(await page.locator('progress').getAttribute('value'), '6');
        await snapshot(page, 'bulk-job');
      });

      void it('bulk apply over 8,000 denials: the progress bar and the counts move, then failures link to their denial', async () => {
        // Real size: 80 batches of 100, so the job outlasts several of the page's polls (on an idle
        // machine the server does a batch in about 50 ms and the page polls every 500 ms). One
        // account's appeal fails in the database: its whole batch is recorded FAILED.
        await ui.api.db.transaction((tx) => seedDemoDenials(tx, 'acme', BULK_DENIALS, 'B'));
        await failAppealsOf(ui.api.db, 'B-1507');
        await page.goto(`${ui.origin}/ui/denials?q=B-`);
        await page.getByText(`${BULK_DENIALS.toLocaleString('en-US')} denials`).waitFor();
        await page.getByRole('link', { name: 'Bulk correct this filter' }).click();
        await page.getByRole('button', { name: 'Dry run' }).click();
        const dry = page.getByRole('region', { name: /Dry run/ });
        await dry.waitFor();
        assert.match(await dry.innerText(), new RegExp(`Denials\\s+${BULK_TEXT}`));
        // What the page shows, recorded in the page at every change: the test process also serves
        // the API (and on PGlite runs the database), so its own polling would miss states.
        await page.evaluate(RECORD_JOB_STATES);
        await page.getByRole('button', { name: `Apply to ${BULK_TEXT} denials` }).click();
        await page.waitForURL(/\/ui\/jobs\//);
        const jobId = new URL(page.url()).pathname.split('/').at(-1)!;
        await page.waitForFunction(() => {
          // A function, not a string (the page's content security policy forbids eval).
          type El = { getAttribute(name: string): string | null };
          const doc = (globalThis as unknown as { document: { querySelector(s: string): El | null } })
            .document;
          const bar = doc.querySelector('progress');
          const done = Number(bar?.getAttribute('value'));
          return done > 0 && done < Number(bar?.getAttribute('max'));
        });
        await page.screenshot({ path: `${SHOTS}/bulk-job-progress.png`, fullPage: true });
        await page.getByRole('heading', { name: 'Bulk job: done' }).waitFor();
        const seen = (await page.evaluate('window.__jobStates')) as JobState[];
        const partway = seen.filter((s) => s.done > 0 && s.done < s.max);
        const points = new Set(partway.map((s) => s.done));
        assert.ok(points.size >= 2, `the bar stood part way at ${[...points].join(', ') || 'no point'}`);
        for (const s of partway) {
          assert.equal(s.max, BULK_DENIALS);
          assert.match(
            s.label,
            new RegExp(`${s.done.toLocaleString('en-US')} of ${BULK_TEXT} denials \\(\\d+ %\\)`),
          );
        }
        // The live counts changed while it ran.
        assert.ok(
          new Set(partway.map((s) => s.counts)).size >= 2,
          JSON.stringify(partway.map((s) => s.counts)),
        );
        assert.match(
          await page.locator('label.progress').innerText(),
          new RegExp(`${BULK_TEXT} of ${BULK_TEXT} denials \\(100 %\\)`),
        );
        // The final counts are the job's.
        const token = String(await page.evaluate('sessionStorage.getItem("reclaim.token")'));
        const job = (await (
          await fetch(`${ui.origin}/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as { counts: Record<string, number>; failures: { denialId: number; account: string }[] };
        for (const k of ['SUCCESS', 'FAILED', 'SKIPPED'])
          assert.equal(
            await page.locator(`[data-count="${k}"]`).innerText(),
            job.counts[k]!.toLocaleString('en-US'),
          );
        assert.ok(job.counts.FAILED! > 0 && job.counts.SUCCESS! > 0);
        const failedDenials = new Set(job.failures.map((f) => f.denialId));
        const links = page.getByRole('table', { name: /Failed denials/ }).getByRole('link');
        assert.equal(await links.count(), failedDenials.size);
        await snapshot(page, 'bulk-job');
        // The failing account's link opens that denial with its History: FAILED and the reason.
        const [broken] = await ui.api.db.query<{ denial_id: number }>(
          `SELECT denial_id FROM billing.denial WHERE tenant_id = 'acme' AND patient_control_number = 'B-1507'`,
        );
        assert.ok(failedDenials.has(Number(broken!.denial_id)));
        // Each failure names its denial's account number, as the table shows it.
        assert.ok(
          job.failures.some((f) => f.denialId === Number(broken!.denial_id) && f.account === 'B-1507'),
        );
        assert.deepEqual(new Set(await links.allInnerTexts()), new Set(job.failures.map((f) => f.account)));
        await links.filter({ hasText: /^B-1507$/ }).click();
        await page.getByRole('heading', { level: 1, name: 'Denial B-1507' }).waitFor();
        const drawer = page.getByRole('dialog', { name: 'Correction history' });
        await drawer.waitFor();
        assert.match(
          await drawer.innerText(),
          /FAILED\s+Co29TimelyFilingHandler[\s\S]*Failure reason\s+[^\n]*appeal store unavailable/,
        );
        await snapshot(page, 'bulk-failure-history');
        await page.keyboard.press('Escape');
      });

      void it('every dashboard number is the stats endpoint’s for the same window, realised recovery included', async () => {
        // The payer answers two corrections: W-1's corrected claim paid $120.00, W-7's appeal
        // denied again. Realised money and denials again reach the roll-up the stats read.
        await ingestFollowUp(ui.api.db, 'acme', [
          { account: 'W-1', chargeCents: 15_100, paidCents: 12_000, deniedAgain: false, frequencyCode: '7' },
          { account: 'W-7', chargeCents: 15_700, paidCents: 0, deniedAgain: true, frequencyCode: '1' },
        ]);
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Success rate' })
          .click();
        await page.getByText('Attempts per code').waitFor();
        const since = new URL(page.url()).searchParams.get('since');
        assert.equal(since, null, 'the default window is not written into the URL');
        const token = String(await page.evaluate('sessionStorage.getItem("reclaim.token")'));
        const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
        const res = await fetch(
          `${ui.origin}/denials/auto-correction/stats?since=${day(29)}&until=${day(0)}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const stats = (await res.json()) as StatsResponse;
        const m = stats.meta;
        // The data is worth checking: money realised, money at stake, a denial again.
        assert.equal(m.totalRealisedAmount!.cents, 12_000);
        assert.equal(m.totalDeniedAgain, 1);
        assert.ok(m.totalAtStakeAmount!.cents > m.totalRealisedAmount!.cents);
        const usd = (money: { cents: number } | undefined) =>
          `$${(money!.cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
        const pct = (rate: number | null | undefined) =>
          rate == null ? '—' : `${(rate * 100).toFixed(1)} %`;
        const int = (n: number | undefined) => n!.toLocaleString('en-US');
        const kpi = (name: string) => page.locator(`[data-kpi="${name}"]`).innerText();
        assert.deepEqual(
          {
            overall: await kpi('overall'),
            attempts: await kpi('attempts'),
            recovered: await kpi('recovered'),
            realised: await kpi('realised'),
            atStake: await kpi('at-stake'),
            share: await kpi('realised-share'),
            deniedAgain: await kpi('denied-again'),
          },
          {
            overall: pct(m.overallSuccessRate),
            attempts: int(m.totalAttempts),
            recovered: usd(m.totalRecoveredAmount),
            realised: usd(m.totalRealisedAmount),
            atStake: usd(m.totalAtStakeAmount),
            share: pct(m.overallRealisedShare),
            deniedAgain: int(m.totalDeniedAgain),
          },
        );
        const rows = (await page.locator('table.stats tbody tr').allInnerTexts()).map((r) =>
          r.split('\t').map((c) => c.trim()),
        );
        assert.deepEqual(
          rows,
          stats.data.map((r) => [
            r.carcCode + (r.successRate < 0.5 ? ' under 50 % (30 days)' : ''),
            int(r.attempts),
            int(r.successes),
            int(r.failures),
            int(r.skipped),
            pct(r.successRate),
            usd(r.recoveredAmount),
            usd(r.realisedAmount),
            usd(r.atStakeAmount),
            pct(r.realisedShare),
            int(r.deniedAgain),
          ]),
        );
        assert.ok(rows.length >= 3);
        // Per code too: W-1's payment under CO-4, W-7's denial again under CO-29.
        const co4 = stats.data.find((r) => r.carcCode === 'CO-4')!;
        const co29 = stats.data.find((r) => r.carcCode === 'CO-29')!;
        assert.equal(co4.realisedAmount!.cents, 12_000);
        assert.equal(co29.deniedAgain, 1);
        await page.locator('.chart svg rect').first().waitFor();
        await snapshot(page, 'dashboard');
      });

      void it('without reports.read.financial the dashboard shows no money and no realised recovery', async () => {
        const ops = await ui.page();
        await signIn(ui, ops, 'Acme Clinic', 'Operator without financial reports');
        await ops
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Success rate' })
          .click();
        await ops.getByText('Attempts per code').waitFor();
        for (const name of ['recovered', 'realised', 'at-stake', 'realised-share', 'denied-again'])
          assert.equal(await ops.locator(`[data-kpi="${name}"]`).count(), 0, name);
        assert.equal(await ops.getByRole('heading', { name: 'Realised recovery' }).count(), 0);
        assert.deepEqual(await ops.locator('table.stats thead th').allInnerTexts(), [
          'CARC',
          'Attempts',
          'Successes',
          'Failures',
          'Skipped',
          'Success rate',
        ]);
        await snapshot(ops, 'dashboard-operational');
        await ops.context().close();
      });

      void it('denial rate: a reference table pasted or loaded from a file is matched week by week', async () => {
        await page.goto(`${ui.origin}/ui/denial-rate?source=carrier&asOf=2024-03-31`);
        await page.getByRole('heading', { name: 'Reference match' }).waitFor();
        // Pasted: one week 0.05 off, one week we have no rate for.
        await page
          .getByLabel('Reference table (CSV)')
          .fill(readFileSync('test/fixtures/kpi/reference-mismatch.csv', 'utf8'));
        await page.getByRole('button', { name: 'Compare' }).click();
        const verdict = page.getByTestId('match-verdict');
        await verdict.getByText('Mismatch.', { exact: true }).waitFor();
        assert.match(
          await verdict.innerText(),
          /Largest difference 0\.050000 \(tolerance 0\.000001\); 1 reference week has no computed rate here/,
        );
        const table = page.getByRole('table', { name: 'Reference match per week' });
        const rows = (await table.locator('tbody tr').allInnerTexts()).map((r) =>
          r.split('\t').map((c) => c.trim()),
        );
        assert.deepEqual(rows, [
          ['2024-01-01', '0.285714', '0.285714', '+0.000000', 'Match'],
          ['2024-01-08', '0.600000', '0.550000', '+0.050000', 'Mismatch'],
          ['2024-01-29', '—', '0.500000', '—', 'No rate computed'],
        ]);
        await snapshot(page, 'denial-rate-reference-mismatch');
        // Loaded from a file: the CLI's matching reference.
        await page.getByLabel('Or load a CSV file').setInputFiles('test/fixtures/kpi/reference-match.csv');
        await page.waitForFunction(
          () =>
            (
              globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }
            ).document
              .querySelector('textarea')
              ?.value.startsWith('week_start,denial_rate\n2024-01-01 00:00:00') === true,
        );
        await page.getByRole('button', { name: 'Compare' }).click();
        // Exact: "Match." is also the end of the verdict shown before it ("Mismatch.").
        await verdict.getByText('Match.', { exact: true }).waitFor();
        assert.match(await verdict.innerText(), /Every one of 3 reference weeks is within 0\.000001 of ours/);
        assert.deepEqual(await table.locator('tbody tr td:last-child').allInnerTexts(), [
          'Match',
          'Match',
          'Match',
        ]);
        await snapshot(page, 'denial-rate-reference-match');
        // Another date: the result shown was for the old one, so it goes.
        await page.goto(`${ui.origin}/ui/denial-rate?source=carrier&asOf=2024-04-30`);
        await page.getByRole('heading', { name: 'Reference match' }).waitFor();
        assert.equal(await verdict.count(), 0);
      });

      void it('the denial-rate, weekly recovery, runs and handler pages pass axe', async () => {
        await page.goto(`${ui.origin}/ui/denial-rate?source=carrier&asOf=2024-03-31`);
        await page.getByText('Weekly denial rate').waitFor();
        // Four weeks; the week of 2024-01-22 has no comparable line: a gap, so the line is two runs.
        assert.equal(await page.locator('.chart').first().locator('circle').count(), 3);
        assert.equal(await page.locator('.chart').first().locator('polyline').count(), 1);
        assert.match(await page.getByRole('region', { name: /Leakage proof/ }).innerText(), /all 0/);
        await snapshot(page, 'denial-rate');
        await page.goto(`${ui.origin}/ui/recovery`);
        await page.getByRole('heading', { name: /^Focus this week: / }).waitFor();
        assert.match(
          await page.getByLabel('Run parameters').innerText(),
          /^ANCHOR_MODE=latest_data_week\nCURRENT_DATASET_WEEK_KEY=\d{4}-W\d{2}/,
        );
        const wq = page.getByRole('region', { name: /^Workqueue/ });
        const shown = Number(/top (\d+)/.exec(await wq.getByRole('heading').innerText())?.[1]);
        assert.ok(shown > 0 && shown <= 25, String(shown));
        assert.equal(await wq.locator('tbody tr').count(), shown);
        const csv = page.waitForEvent('download');
        await page.getByRole('button', { name: 'denials_recovery_summary_v1.csv' }).click();
        assert.equal((await csv).suggestedFilename(), 'denials_recovery_summary_v1.csv');
        await snapshot(page, 'recovery');
        for (const [path, name] of [
          ['/ui/runs', 'runs'],
          ['/ui/handlers/Co4ModifierHandler', 'handler'],
          ['/ui/no-such-page', 'not-found'],
        ] as const) {
          await page.goto(`${ui.origin}${path}`);
          await page.getByRole('heading', { level: 1 }).waitFor();
          await page
            .locator('[role="status"]')
            .filter({ hasText: /^Loading/ })
            .waitFor({ state: 'detached' });
          await snapshot(page, name);
        }
      });

      void it('is readable at 1920×1080', async () => {
        const wide = await ui.page('desktop');
        await signIn(ui, wide, 'Acme Clinic', 'Operator and manager (all scopes)');
        // The 30 of the flow, the bulk's, and W-7 denied again by the follow-up 835.
        await wide.getByText(`${(30 + BULK_DENIALS + 1).toLocaleString('en-US')} denials`).waitFor();
        await snapshot(wide, 'worklist-1920');
        await wide.goto(firstDenialUrl.replace(/\?.*$/, '') + '?tab=corrections');
        await wide.getByRole('heading', { name: 'Auto-Correction Engine' }).waitFor();
        await snapshot(wide, 'denial-corrections-1920');
        await wide.goto(`${ui.origin}/ui/dashboard`);
        await wide.getByRole('heading', { name: 'Realised recovery' }).waitFor();
        await wide.locator('.chart svg rect').first().waitFor();
        await snapshot(wide, 'dashboard-1920');
        await wide.goto(`${ui.origin}/ui/denial-rate?source=carrier&asOf=2024-03-31`);
        await wide
          .getByLabel('Reference table (CSV)')
          .fill(readFileSync('test/fixtures/kpi/reference-mismatch.csv', 'utf8'));
        await wide.getByRole('button', { name: 'Compare' }).click();
        await wide.getByTestId('match-verdict').waitFor();
        await snapshot(wide, 'denial-rate-reference-1920');
        await wide.context().close();
      });

      void it('without denials.update, Apply is disabled and says why', async () => {
        const ro = await ui.page();
        await signIn(ui, ro, 'Acme Clinic', 'Read only (no denials.update)');
        await openDenial(ui, ro, 'W-2');
        await correctionsTab(ro);
        const apply = ro.getByRole('button', { name: 'Apply auto-correction' });
        assert.equal(await apply.isDisabled(), true);
        assert.equal((await apply.getAttribute('aria-describedby')) !== null, true);
        await ro.getByText('needs denials.update').first().waitFor();
        await snapshot(ro, 'read-only-corrections');
        await ro.context().close();
      });

      void it('another tenant finds the first tenant’s denial URL "not found"', async () => {
        const other = await ui.page();
        await signIn(ui, other, 'Other Hospital', 'Operator and manager (all scopes)');
        await other.getByText('10 denials').waitFor();
        await other.goto(firstDenialUrl);
        await other.getByRole('heading', { name: 'Not found' }).waitFor();
        assert.match(await other.getByRole('alert').innerText(), /does not exist for your tenant/);
        await snapshot(other, 'other-tenant-not-found');
        await other.context().close();
      });

      void it('a bulk job over patient-liability items names them so on its page (last: it works W-9)', async () => {
        await ui.api.db.query(
          `UPDATE billing.denial SET kind = 'patient_liability' WHERE tenant_id = 'acme' AND patient_control_number = 'W-9'`,
        );
        await page.goto(`${ui.origin}/ui/denials?kind=patient_liability`);
        await page.getByRole('checkbox', { name: 'Select patient-liability item W-9' }).check();
        await page.getByRole('link', { name: 'Bulk correct 1 selected' }).click();
        await page.getByRole('button', { name: 'Dry run' }).click();
        await page.getByRole('button', { name: 'Apply to 1 patient-liability item' }).click();
        await page.waitForURL(/\/ui\/jobs\//);
        await page.getByText('Progress: 1 of 1 patient-liability item (100 %)').waitFor();
        await page.getByRole('heading', { name: /^Failures: 0 patient-liability items$/ }).waitFor();
        await snapshot(page, 'bulk-job-patient-liability');
      });
    },
  );
}
