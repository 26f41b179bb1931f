import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ENGINES } from '../support/databases.js';
import { seedTenants } from './seed.js';
import { CHROMIUM, checkA11y, startUi, type Ui } from './support.js';

/** What the focused element is, as a person would hear it: its label or text. */
const focused = (page: Page) =>
  page.evaluate(`(() => {
    const e = document.activeElement;
    if (!e) return '';
    const label = e.labels && e.labels[0];
    return (e.getAttribute('aria-label') || (label && label.textContent) || e.textContent || '').trim();
  })()`) as Promise<string>;

/** Presses Tab until the focus is on `name` (a person tabbing through the page); fails after 80. */
async function tabTo(page: Page, name: string | RegExp): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (typeof name === 'string' ? now === name : name.test(now)) return;
    seen.push(now);
  }
  assert.fail(`never reached ${String(name)} by Tab; passed ${seen.join(' | ')}`);
}

for (const engine of ENGINES) {
  void describe(
    `the operator flow with the keyboard alone, on ${engine}`,
    { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed` },
    () => {
      let ui: Ui;
      let page: Page;
      before(async () => {
        ui = await startUi(engine);
        await seedTenants(ui.api.db);
        page = await ui.page('laptop');
      });
      after(async () => {
        await page?.context().close();
        await ui?.close();
      });

      void it('signs in, filters, opens a denial, applies the correction and reads the history', async () => {
        await page.goto(`${ui.origin}/ui/`);
        await page.getByRole('heading', { name: 'Sign in to Reclaim' }).waitFor();
        await page.getByRole('group', { name: /Acme Clinic/ }).waitFor();
        await tabTo(page, 'Operator and manager (all scopes)');
        await page.keyboard.press('Enter');
        await page.getByText('30 denials').waitFor();

        await tabTo(page, 'CARC');
        await page.keyboard.type('CO-4');
        await page.keyboard.press('Enter');
        await page.getByText('12 denials').waitFor();

        await tabTo(page, 'W-1');
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { name: 'Denial W-1' }).waitFor();

        await tabTo(page, 'Claim');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { name: 'Auto-Correction Engine' }).waitFor();
        assert.match(page.url(), /tab=corrections/);

        await tabTo(page, 'Preview');
        await page.keyboard.press('Enter');
        await page.getByText('Claim frequency (CLM05-3)').waitFor();

        await tabTo(page, 'Apply auto-correction');
        await page.keyboard.press('Enter');
        await page.getByText(/Co4ModifierHandler succeeded/).waitFor();

        await tabTo(page, /^History \(1\)$/);
        await page.keyboard.press('Enter');
        const drawer = page.getByRole('dialog', { name: 'Correction history' });
        await drawer.waitFor();
        // React Aria moves the focus into the dialog as it opens.
        await page.waitForFunction(
          () => {
            type Doc = { activeElement: { closest(s: string): unknown } | null };
            return (
              (globalThis as unknown as { document: Doc }).document.activeElement?.closest(
                '[role="dialog"]',
              ) != null
            );
          },
          undefined,
          { timeout: 5000 },
        );
        await checkA11y(page, 'history drawer (keyboard)');
        await tabTo(page, 'Handler details (JSON)');
        await page.keyboard.press('Enter');
        await drawer.locator('pre').waitFor();
        await page.keyboard.press('Escape');
        await drawer.waitFor({ state: 'hidden' });
        // The dialog restores focus in a frame after it is hidden: wait for it, within 2 s.
        let now = await focused(page);
        for (let i = 0; i < 40 && !/^History \(1\)$/.test(now); i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          now = await focused(page);
        }
        assert.match(now, /^History \(1\)$/, 'focus returns to the button that opened the drawer');
      });

      void it('runs a bulk job and matches a reference table with the keyboard alone', async () => {
        await page.goto(`${ui.origin}/ui/denials`);
        await tabTo(page, 'CARC');
        await page.keyboard.type('CO-16');
        await page.keyboard.press('Enter');
        await page.getByText('6 denials').waitFor();
        await tabTo(page, 'Bulk correct this filter');
        await page.keyboard.press('Enter');
        await tabTo(page, 'Dry run');
        await page.keyboard.press('Enter');
        await page.getByRole('region', { name: /Dry run/ }).waitFor();
        await tabTo(page, 'Apply to 6 denials');
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { name: 'Bulk job: done' }).waitFor();
        assert.match(await page.locator('label.progress').innerText(), /6 of 6 denials \(100 %\)/);
        await checkA11y(page, 'bulk job (keyboard)');

        await page.goto(`${ui.origin}/ui/denial-rate?source=carrier&asOf=2024-03-31`);
        await page.getByRole('heading', { name: 'Reference match' }).waitFor();
        await tabTo(page, 'Reference table (CSV)');
        await page.keyboard.type('week_start,denial_rate');
        await page.keyboard.press('Enter');
        await page.keyboard.type('2024-01-08,0.600000');
        await tabTo(page, 'Compare');
        await page.keyboard.press('Enter');
        await page.getByTestId('match-verdict').getByText('Match.', { exact: true }).waitFor();
        await checkA11y(page, 'reference match (keyboard)');
      });
    },
  );
}
