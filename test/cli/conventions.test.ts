import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Io } from '../../src/cli/context.js';
import { commands } from '../../src/cli/commands/index.js';
import { main } from '../../src/cli/main.js';

async function reclaim(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += t + '\n'), err: (t) => void (err += t + '\n'), isTty: false };
  const code = await main(['node', 'reclaim', ...args], io);
  return { code, out, err };
}

describe('CLI conventions', () => {
  it('--version prints the package version, exit 0', async () => {
    const r = await reclaim('--version');
    assert.equal(r.code, 0);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    assert.equal(r.out.trim(), version);
  });

  const usage: [string[], RegExp][] = [
    [['migrate', '--bogus'], /^reclaim: unknown option '--bogus' \(see `reclaim migrate --help`\)$/],
    [
      ['run'],
      /^reclaim: required option '--input <profile:path>' not specified \(see `reclaim run --help`\)$/,
    ],
    [['bogus'], /^reclaim: unknown command 'bogus' \(see `reclaim --help`\)$/],
    [['x12', 'parse'], /^reclaim: missing required argument 'file' \(see `reclaim x12 parse --help`\)$/],
  ];
  for (const [args, message] of usage) {
    it(`a usage mistake is one line pointing at the help: reclaim ${args.join(' ')}`, async () => {
      const r = await reclaim(...args);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(r.err.trim(), message);
    });
  }

  it('a flag of the wrong type is said plainly, without zod words', async () => {
    const r = await reclaim('preview', '--denial', 'does-not-exist');
    assert.equal(r.code, 2);
    assert.equal(r.err.trim(), 'reclaim: preview: --denial: must be a number');
  });

  it('every help marks required options and writes defaults one way: (default: value)', async () => {
    for (const { name } of commands) {
      const help = await reclaim(name, '--help');
      assert.equal(help.code, 0, name);
      const text = help.out.replace(/\n\s+/g, ' ');
      assert.doesNotMatch(text, /\(default: "/, `${name}: a quoted default`);
      assert.doesNotMatch(text, /\(default [^:]|; default /, `${name}: a default written another way`);
    }
    const run = await reclaim('run', '--help');
    assert.match(run.out, /--input <profile:path>\s+\(required\)/);
  });

  it("the README's examples name files that exist", () => {
    const readme = readFileSync('README.md', 'utf8');
    const paths = [...readme.matchAll(/--input [a-z]+:(\S+)/g)].map((m) => m[1]!);
    assert.ok(paths.length > 0);
    for (const path of paths) assert.ok(existsSync(path), path);
  });
});
