import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Engine } from '../../src/db/db.js';
import { anApi, type TestApi } from '../api/support.js';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']; // prettier-ignore

/** Screenshots of every page, for a person to look at (gitignored). */
export const SHOTS = 'test-artifacts/web';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const VIEWPORTS = {
  laptop: { width: 1280, height: 800 },
  desktop: { width: 1920, height: 1080 },
} as const;

export interface Ui {
  readonly api: TestApi;
  /** http://127.0.0.1:port (the app is under /ui/). */
  readonly origin: string;
  readonly browser: Browser;
  /** A page at a viewport that fails the test on any console error or failed request. */
  page(viewport?: keyof typeof VIEWPORTS): Promise<Page>;
  close(): Promise<void>;
}

/** The real server (dev mode) over a fresh database of `engine`, on a free port, and Chromium. */
export async function startUi(engine: Engine): Promise<Ui> {
  const api = await anApi(engine, { dev: true });
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = api.app.server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(SHOTS, { recursive: true });
  return {
    api,
    origin: `http://127.0.0.1:${port}`,
    browser,
    async page(viewport = 'laptop') {
      const context = await browser.newContext({ viewport: VIEWPORTS[viewport], acceptDownloads: true });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        // 4xx answers the UI expects (a 404 for another tenant's denial, a 409) log as resource errors.
        if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('requestfailed', (r) => {
        if (r.failure()?.errorText !== 'net::ERR_ABORTED')
          problems.push(`${r.url()} ${r.failure()?.errorText}`);
      });
      page.on('close', () => assert.deepEqual(problems, [], 'console errors or failed requests'));
      return page;
    },
    async close() {
      await browser.close();
      await api.close();
    },
  };
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

/**
 * Runs axe-core in the page (evaluated through the debugging protocol, which the page's
 * content security policy does not govern) and fails on any serious or critical violation.
 */
export async function checkA11y(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE);
  const result = (await page.evaluate('axe.run()')) as AxeResult;
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(bad, [], `axe on ${name}`);
}

/** Accessibility check and a full-page screenshot under SHOTS. */
export async function snapshot(page: Page, name: string): Promise<void> {
  await checkA11y(page, name);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

export type Preset =
  | 'Operator and manager (all scopes)'
  | 'Read only (no denials.update)'
  | 'Operator without financial reports';

/** The one-click development sign-in, as a person would do it. */
export async function signIn(
  ui: Ui,
  page: Page,
  tenantName: string,
  preset: Preset,
  subject = 'operator@example.test',
): Promise<void> {
  await page.goto(`${ui.origin}/ui/sign-in`);
  await page.getByLabel('Sign in as (subject)').fill(subject);
  await page
    .getByRole('group', { name: new RegExp(tenantName) })
    .getByRole('button', { name: preset })
    .click();
  await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Sign in' }).waitFor();
}
