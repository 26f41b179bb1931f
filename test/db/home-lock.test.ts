import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lockHome } from '../../src/db/home-lock.js';
import { tempDir } from '../support/temp.js';
import { reclaimBin } from '../support/cli.js';

/** A process that takes the lock of `home` as `command` and holds it until killed. */
function holder(home: string, command: string, port?: number): Promise<ChildProcess> {
  const script = `
    import { lockHome, setLockCommand } from './src/db/home-lock.ts';
    setLockCommand(${JSON.stringify(command)});
    const lock = await lockHome(${JSON.stringify(home)}, { waitMs: 0 });
    ${port === undefined ? '' : `lock.describe({ port: ${port} });`}
    console.log('held');
    setInterval(() => undefined, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

describe('one process at a time on an embedded database', () => {
  it('a second process is refused in one line naming the holder, and gets it once the holder is killed', async () => {
    const home = tempDir('reclaim-lock-');
    const held = await holder(home, 'reclaim serve', 8123);
    try {
      const refused = await reclaimBin(['migrate'], { RECLAIM_HOME: home, RECLAIM_LOCK_WAIT_SECONDS: '30' });
      assert.equal(refused.code, 3, refused.err);
      assert.equal(refused.err.trim().split('\n').length, 1, refused.err);
      assert.match(
        refused.err,
        /in use by reclaim serve \(pid \d+, port 8123\); stop that process, or set DATABASE_URL/,
      );
      // A server holds it for its lifetime: no waiting.
      assert.ok(refused.ms < 10_000, `took ${refused.ms} ms`);
    } finally {
      held.kill('SIGKILL');
      await new Promise((resolve) => held.once('exit', resolve));
    }
    // The kernel released the lock with the process: nothing stale is left.
    const after = await reclaimBin(['migrate'], { RECLAIM_HOME: home });
    assert.equal(after.code, 0, after.err);
  });

  it('waits with a message for another command, then exits 3 once the wait is over', async () => {
    const home = tempDir('reclaim-lock-');
    const held = await holder(home, 'reclaim run');
    try {
      const refused = await reclaimBin(['migrate'], { RECLAIM_HOME: home, RECLAIM_LOCK_WAIT_SECONDS: '1' });
      assert.equal(refused.code, 3, refused.err);
      const lines = refused.err.trim().split('\n');
      assert.match(lines[0]!, /waiting for the embedded database in .*, in use by reclaim run \(pid \d+\)/);
      assert.match(lines[1]!, /in use by reclaim run \(pid \d+\); stop that process, or set DATABASE_URL/);
      assert.equal(lines.length, 2);
    } finally {
      held.kill('SIGKILL');
      await new Promise((resolve) => held.once('exit', resolve));
    }
  });

  it('in one process, the lock is shared and released when its last user lets go', async () => {
    const home = tempDir('reclaim-lock-');
    const a = await lockHome(home, { waitMs: 0 });
    const b = await lockHome(home, { waitMs: 0 });
    await a.release();
    await b.release();
    const c = await lockHome(home, { waitMs: 0 });
    await c.release();
  });

  it('an embedded database that no longer opens is reported with a way out, exit 3, no hang', async () => {
    const home = tempDir('reclaim-damaged-');
    const made = await reclaimBin(['migrate'], { RECLAIM_HOME: home });
    assert.equal(made.code, 0, made.err);
    const damaged = join(tempDir('reclaim-damaged-'), 'home');
    cpSync(home, damaged, { recursive: true });
    writeFileSync(join(damaged, 'pgdata', 'PG_VERSION'), 'junk\n');
    for (const command of [['migrate'], ['stats']]) {
      const r = await reclaimBin(command, { RECLAIM_HOME: damaged });
      assert.equal(r.code, 3, r.err);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err, /cannot be opened .*move it aside \(mv .*pgdata .*pgdata\.damaged\)/);
    }
  });
});
