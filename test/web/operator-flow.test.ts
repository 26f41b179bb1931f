import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { StatsResponse } from '../../src/api/schemas/stats.js';
import { ENGINES } from '../support/databases.js';
import { failNextAppeal, importProviders, seedTenants } from './seed.js';
import { CHROMIUM, signIn, snapshot, startUi, type Ui } from './support.js';

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

      void it('every dashboard number is the stats endpoint’s for the same window', async () => {
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Success rate' })
          .click();
        await page.getByText('Attempts per code').waitFor();
        const since = new URL(page.url()).searchParams.get('since');
        const token = String(await page.evaluate('sessionStorage.getItem("reclaim.token")'));
        const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
        const res = await fetch(
          `${ui.origin}/denials/auto-correction/stats?since=${day(29)}&until=${day(0)}`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        const stats = (await res.json()) as StatsResponse;
        assert.equal(since, null, 'the default window is not written into the URL');
        const kpi = (name: string) => page.locator(`[data-kpi="${name}"]`).innerText();
        assert.equal(await kpi('overall'), `${(stats.meta.overallSuccessRate * 100).toFixed(1)} %`);
        assert.equal(await kpi('attempts'), String(stats.meta.totalAttempts));
        assert.equal(
          await kpi('recovered'),
          `$${(stats.meta.totalRecoveredAmount!.cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
        );
        const rows = (await page.locator('table.stats tbody tr').allInnerTexts()).map((r) =>
          r.split('\t').map((c) => c.trim()),
        );
        assert.deepEqual(
          rows,
          stats.data.map((r) => [
            r.carcCode,
            String(r.attempts),
            String(r.successes),
            String(r.failures),
            String(r.skipped),
            `${(r.successRate * 100).toFixed(1)} %`,
            `$${(r.recoveredAmount!.cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
          ]),
        );
        assert.ok(rows.length >= 3);
        await page.locator('.chart svg rect').first().waitFor();
        await snapshot(page, 'dashboard');
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
        await wide.getByText('30 denials').waitFor();
        await snapshot(wide, 'worklist-1920');
        await wide.goto(firstDenialUrl.replace(/\?.*$/, '') + '?tab=corrections');
        await wide.getByRole('heading', { name: 'Auto-Correction Engine' }).waitFor();
        await snapshot(wide, 'denial-corrections-1920');
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
    },
  );
}
