import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { anApi, type TestApi } from '../api/support.js';

/** The app must be built before it is served (`npm install` does it; this is a no-op then). */
export function buildWeb(): void {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', 'web'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

void describe('the web app served by the API process', () => {
  let api: TestApi;
  before(async () => {
    buildWeb();
    api = await anApi('pglite');
  });
  after(() => api.close());

  void it('redirects / to /ui/ and answers every /ui/ page with the app, never cached', async () => {
    const root = await api.app.inject({ method: 'GET', url: '/' });
    assert.equal(root.statusCode, 302);
    assert.equal(root.headers.location, '/ui/');
    for (const url of [
      '/ui',
      '/ui/',
      '/ui/denials?carc=CO-4',
      '/ui/denials/42?tab=corrections&drawer=history',
    ]) {
      const r = await api.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, url);
      assert.match(String(r.headers['content-type']), /^text\/html/, url);
      assert.equal(r.headers['cache-control'], 'no-cache', url);
      assert.match(r.body, /<div id="root"><\/div>/, url);
      const nonce = /<meta property="csp-nonce" nonce="([0-9a-f]{32})"/.exec(r.body)?.[1];
      assert.ok(nonce, url);
      assert.match(
        String(r.headers['content-security-policy']),
        new RegExp(`style-src 'self' 'nonce-${nonce}';`),
      );
    }
  });

  void it('serves the hashed assets for a year, and a missing asset is a 404, not the page', async () => {
    const html = (await api.app.inject({ method: 'GET', url: '/ui/' })).body;
    const script = /src="(\/ui\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, 'the page names its script');
    const js = await api.app.inject({ method: 'GET', url: script });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    const missing = await api.app.inject({ method: 'GET', url: '/ui/assets/index-gone.js' });
    assert.equal(missing.statusCode, 404);
  });

  void it('loads nothing from elsewhere and stays within 300 KB of gzipped JavaScript', () => {
    const dir = 'web/dist/assets';
    const files = readdirSync(dir);
    const text =
      files.map((f) => readFileSync(`${dir}/${f}`, 'utf8')).join('\n') +
      readFileSync('web/dist/index.html', 'utf8');
    assert.doesNotMatch(text, /https?:\/\/(fonts\.|cdn|unpkg|jsdelivr)/);
    const js = files
      .filter((f) => f.endsWith('.js'))
      .reduce((s, f) => s + gzipSync(readFileSync(`${dir}/${f}`)).length, 0);
    assert.ok(js <= 300 * 1024, `${js} bytes gzipped`);
  });
});
