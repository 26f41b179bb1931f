import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runRecovery } from '../../src/recovery/run.js';
import { tempDir } from '../support/temp.js';

const MART = 'test/fixtures/kpi/recovery-mart.csv';
const noDb = () => Promise.reject(new Error('the CSV path must not open the database'));
const tmp = () => tempDir('reclaim-recovery-');

void describe('recovery run from a mart CSV', () => {
  void it('writes the four exports and the brief with the hand-computed numbers', async () => {
    const dir = tmp();
    const { brief, written } = await runRecovery(noDb, 'default', {
      outDir: dir,
      workqueueSize: 3,
      week: undefined,
      fromCsv: MART,
    });
    assert.deepEqual(
      [brief.anchorMode, brief.currentWeekKey, brief.priorWeekKey],
      ['latest_data_week', '2026-W47', '2026-W46'],
    );
    assert.deepEqual(
      written.map((p) => p.slice(dir.length + 1)),
      [
        'denials_recovery_summary_v1.csv',
        'denials_recovery_workqueue_v1.csv',
        'denials_recovery_aging_bands_v1.csv',
        'denials_recovery_stability_v1.csv',
        'denials_recovery_brief_v1.md',
        'denials_recovery_brief_v1.html',
      ],
    );
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    assert.equal(
      read('denials_recovery_workqueue_v1.csv'),
      [
        'dataset_week_key,rank,clm_id,top_denial_group,top_denial_prcsg,aging_days,aging_band,denied_amount_cents,p_denial,weighted_recoverable_cents,next_best_action,owner_group,evidence_required',
        '2026-W47,1,C1,coding_modifier,I,10,<=30,100000,0.2,80000,correct the modifier and rebill,Coding,visit or operative note supporting the code and modifier; the 835 line',
        '2026-W47,2,C3,medical_necessity,N,75,61-90,200000,0.6,40000,clinical appeal,Clinical appeals,physician notes showing the coverage criteria (LCD/NCD or policy) are met',
        '2026-W47,3,C5,authorization,D,30,<=30,30000,0,30000,obtain retro-authorization,Authorizations,"authorization number, its dates and approved services"',
        '',
      ].join('\n'),
    );
    assert.equal(
      read('denials_recovery_aging_bands_v1.csv'),
      [
        'dataset_week_key,aging_band,aging_weight,rows,denied_amount_cents,share_of_denied,weighted_recoverable_cents',
        '2026-W47,<=30,1,2,130000,0.154762,110000',
        '2026-W47,31-60,0.8,2,60000,0.071429,24000',
        '2026-W47,61-90,0.5,2,210000,0.25,45000',
        '2026-W47,>90,0.25,2,440000,0.52381,20000',
        '',
      ].join('\n'),
    );
    // Prior week: coding 80000, authorization 60000, medical 20000, timely 10000 of 170000.
    assert.equal(
      read('denials_recovery_stability_v1.csv').split('\n').slice(1, 4).join('\n'),
      [
        '2026-W47,2026-W46,coding_modifier,1,1,0,0.470588,0.502513,0.031924,true,true,false,1,material_shift',
        '2026-W47,2026-W46,medical_necessity,3,2,1,0.117647,0.226131,0.108484,false,true,true,1,material_shift',
        '2026-W47,2026-W46,authorization,2,3,-1,0.352941,0.170854,-0.182087,true,false,true,1,material_shift',
      ].join('\n'),
    );
    assert.match(
      read('denials_recovery_summary_v1.csv'),
      /\n2026-W47,1,coding_modifier,2,150000,105000,100000,0.35,0.502513,I,Coding,/,
    );
    const md = read('denials_recovery_brief_v1.md');
    for (const text of [
      'ANCHOR_MODE=latest_data_week',
      'CURRENT_DATASET_WEEK_KEY=2026-W47',
      'PRIOR_DATASET_WEEK_KEY=2026-W46',
      'Verdict: **material_shift**',
      'moved materially since last week (top 2 changed (coding_modifier, authorization -> coding_modifier, medical_necessity); medical_necessity share +10.8 pts; authorization share -18.2 pts): re-prioritise before scaling',
      'directional triage support, not a recovery forecast',
      'Service dates are proxies derived from aging_days',
      'denied_potential_allowed_proxy_amt, a proxy',
      '| 1 | C1 | coding_modifier | I | 10d | $1,000.00 | 0.20 | Coding |',
    ])
      assert.ok(md.includes(text), text);
    const html = read('denials_recovery_brief_v1.html');
    assert.match(html, /<figure id="priority-chart"><svg [^>]*aria-label="priority_score by bucket"/);
    assert.match(html, /<figure id="aging-chart"><svg /);
    assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/);
  });

  void it('anchors on a named week; the earliest week has no prior', async () => {
    const { brief } = await runRecovery(noDb, 'default', {
      outDir: tmp(),
      workqueueSize: 25,
      week: '2026-W46',
      fromCsv: MART,
    });
    assert.deepEqual(
      [brief.anchorMode, brief.currentWeekKey, brief.priorWeekKey, brief.stability.verdict],
      ['explicit_week', '2026-W46', null, 'no_prior_week'],
    );
    assert.equal(brief.workqueue.length, 4);
    assert.match(brief.decision, /reversible actions only/);
  });

  void it('stops on an unreadable row, naming the file and the row', async () => {
    const bad = join(tmp(), 'mart.csv');
    writeFileSync(
      bad,
      'clm_id,aging_days,denied_potential_allowed_proxy_amt,p_denial\nA,3,10.00,0.5\nB,x,1.00,0.5\n',
    );
    await assert.rejects(
      runRecovery(noDb, 'default', { outDir: tmp(), workqueueSize: 5, week: undefined, fromCsv: bad }),
      (e: Error) => e.message === `${bad}: row 2: aging_days is not a whole number of days`,
    );
    writeFileSync(bad, 'clm_id,aging_days\nA,3\n');
    await assert.rejects(
      runRecovery(noDb, 'default', { outDir: tmp(), workqueueSize: 5, week: undefined, fromCsv: bad }),
      /missing columns denied_potential_allowed_proxy_amt, p_denial/,
    );
  });

  void it('reads an unkeyed mart as a single snapshot', async () => {
    const one = join(tmp(), 'mart.csv');
    writeFileSync(
      one,
      'clm_id,aging_days,denied_amount_cents,top_denial_group,p_denial\nA,3,1000,duplicate,0.5\nB,40,2000,,0\n',
    );
    const { brief } = await runRecovery(noDb, 'default', {
      outDir: tmp(),
      workqueueSize: 5,
      week: undefined,
      fromCsv: one,
    });
    assert.deepEqual(
      [brief.anchorMode, brief.currentWeekKey, brief.priorWeekKey],
      ['csv_single_snapshot', 'unkeyed', null],
    );
    assert.deepEqual(
      brief.workqueue.map((w) => [w.clmId, w.topDenialGroup, w.weightedRecoverableCents, w.ownerGroup]),
      [
        ['B', 'other', 1600, 'Denials analyst'],
        ['A', 'duplicate', 500, 'Billing follow-up'],
      ],
    );
  });
});
