import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../support/temp.js';

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly url: string;
}

/** Runs `npm start`'s script on its own embedded database until it prints where to sign in. */
function start(home: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RECLAIM_HOME: home,
    PORT: '0',
    OUT_DIR: join(home, 'out'),
  };
  delete env.DATABASE_URL; // npm start is the embedded database
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL in 240 s:\n${text}`)), 240_000);
    const read = (chunk: Buffer) => {
      text += chunk.toString();
      const m = /Open (http:\/\/\S+)\/ui\/sign-in/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve({ child, output: () => text, url: m[1]! });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before serving:\n${text}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

void describe('npm start', { timeout: 600_000 }, () => {
  const home = tempDir('reclaim-start-');
  const running: ChildProcess[] = [];
  after(async () => {
    for (const c of running) await stop(c);
  });

  void it('builds, loads the demonstration files, runs the engine and the batch run, and serves the app', async () => {
    const s = await start(home);
    running.push(s.child);
    const out = s.output();
    // The open corpus when this build has it, else the reference and X12 samples: files either way.
    assert.match(out, /modifier-rules\.csv: \d+ rows, [1-9]\d* added/);
    assert.match(out, /\.835 \(x12-835, file \d+\): .*\([1-9]\d* new\)/);
    assert.match(out, /^[1-9]\d* denials, \d+ handler runs\n\s+SUCCESS [1-9]\d*/m);
    assert.match(out, /read 9 = accepted 9 \+ quarantined 0; denied 7, candidates 4/);
    const health = await fetch(`${s.url}/healthz`);
    assert.equal(health.status, 200);
    const page = await fetch(`${s.url}/ui/sign-in`);
    assert.match(await page.text(), /<div id="root">/);
    const tenants = (await (await fetch(`${s.url}/dev/tenants`)).json()) as { items: { id: string }[] };
    assert.ok(tenants.items.some((t) => t.id === 'default'));
    assert.equal(await stop(s.child), 0);
  });

  void it('started again, adds nothing twice and serves the same data', async () => {
    const s = await start(home);
    running.push(s.child);
    const out = s.output();
    assert.match(out, /cli: up to date\nweb: up to date/);
    assert.doesNotMatch(out, /rows, [1-9]\d* added/);
    assert.match(out, /already ingested \(file \d+\); nothing added/);
    assert.doesNotMatch(out, /\(\d+ new\)/);
    assert.match(out, /^0 denials, 0 handler runs$/m);
    assert.equal(await stop(s.child), 0);
  });
});
