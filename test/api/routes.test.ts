import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { usd } from '../../src/api/schemas/common.js';
import { successRate } from '../../src/correction/success-rate.repository.js';
import type { Scope } from '../../src/api/schemas/common.js';
import { ENGINES } from '../support/databases.js';
import { aDenial, aModifierRule, aPayer, aSubmission } from '../correction/factories.js';
import { anApi, badTokens, bearer, type TestApi } from './support.js';

type Err = { error: { code: string; message: string; details: Record<string, unknown>; requestId: string } };

/** The next appeal insert fails once with `code` (a handler that errors part-way). */
async function failNextAppeal(api: TestApi): Promise<void> {
  await api.db.exec(`
    CREATE SEQUENCE IF NOT EXISTS public.appeal_faults;
    CREATE OR REPLACE FUNCTION public.fail_appeal_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- A sequence, not a table: its count survives the rollback the fault causes.
      IF nextval('public.appeal_faults') = 1 THEN
        RAISE EXCEPTION 'injected fault' USING ERRCODE = 'P0001';
      END IF;
      RETURN NEW;
    END $$;
    DROP TRIGGER IF EXISTS fail_appeal_once ON billing.appeal;
    CREATE TRIGGER fail_appeal_once BEFORE INSERT ON billing.appeal FOR EACH ROW EXECUTE FUNCTION public.fail_appeal_once();`);
}

for (const engine of ENGINES) {
  void describe(`API routes on ${engine}`, () => {
    let api: TestApi;
    let full: string;
    let other: string;
    const ids = { co4: 0, co4b: 0, co45: 0, co29: 0, pr: 0 };
    const get = (url: string, token?: string) =>
      api.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
    const post = (url: string, token: string | undefined, payload: unknown = {}) =>
      api.app.inject({
        method: 'POST',
        url,
        payload: payload as object,
        headers: token ? bearer(token) : {},
      });
    const tokenFor = (scopes: readonly Scope[]) => api.tokenWith({ scopes });

    before(async () => {
      api = await anApi(engine);
      await api.db.query(`INSERT INTO billing.tenant (tenant_id, name) VALUES ('other', 'Other clinic')`);
      await aModifierRule(api.db);
      await aPayer(api.db, 90);
      ids.co4 = (
        await aDenial(api.db, { carc: 'CO-4', deniedAmountCents: 5_000, deniedOn: '2025-04-01' })
      ).denialId;
      ids.co4b = (
        await aDenial(api.db, { carc: 'CO-4', deniedAmountCents: 7_000, deniedOn: '2025-05-01' })
      ).denialId;
      ids.co45 = (
        await aDenial(api.db, { carc: 'CO-45', deniedAmountCents: 900, deniedOn: '2025-06-01' })
      ).denialId;
      const d29 = await aDenial(api.db, { carc: 'CO-29', deniedAmountCents: 3_000, deniedOn: '2025-07-01' });
      await aSubmission(api.db, d29.claimId!);
      ids.co29 = d29.denialId;
      full = await api.tokenWith();
      other = await api.tokenWith({ tenant: 'other' });
    });
    after(() => api.close());

    void it('GET /denials filters, sorts and pages with the total', async () => {
      const all = await get('/denials?sort=-amount&limit=2', full);
      assert.equal(all.statusCode, 200);
      const page = all.json<{
        items: { id: number; deniedAmount: { cents: number } }[];
        total: number;
        limit: number;
      }>();
      assert.deepEqual(
        [page.total, page.limit, page.items.map((i) => [i.id, i.deniedAmount.cents])],
        [
          4,
          2,
          [
            [ids.co4b, 7_000],
            [ids.co4, 5_000],
          ],
        ],
      );
      const second = (await get('/denials?sort=-amount&limit=2&offset=2', full)).json<{
        items: { id: number }[];
      }>();
      assert.deepEqual(
        second.items.map((i) => i.id),
        [ids.co29, ids.co45],
      );
      const co4 = (await get('/denials?carc=CO-4&sort=age', full)).json<{
        items: { id: number }[];
        total: number;
      }>();
      assert.deepEqual([co4.total, co4.items.map((i) => i.id)], [2, [ids.co4b, ids.co4]]);
      const cheap = (await get('/denials?maxAmountCents=1000&group=CO', full)).json<{
        items: { id: number }[];
      }>();
      assert.deepEqual(
        cheap.items.map((i) => i.id),
        [ids.co45],
      );
      await api.db.query(`UPDATE billing.denial SET assignee = 'tester' WHERE denial_id = $1`, [ids.co45]);
      await api.db.query(`UPDATE billing.denial SET owner_group = 'Coding' WHERE denial_id = $1`, [ids.co4]);
      const mine = (await get('/denials?owner=me', full)).json<{
        items: { id: number; assignee: string }[];
      }>();
      assert.deepEqual(
        mine.items.map((i) => [i.id, i.assignee]),
        [[ids.co45, 'tester']],
      );
      const group = (await get('/denials?owner=Coding', full)).json<{ items: { id: number }[] }>();
      assert.deepEqual(
        group.items.map((i) => i.id),
        [ids.co4],
      );
      const none = (await get('/denials', other)).json<{ items: unknown[]; total: number }>();
      assert.deepEqual([none.items, none.total], [[], 0]);
    });

    void it('answers bad input with 400 VALIDATION_FAILED naming the field', async () => {
      for (const [url, field] of [
        ['/denials?sort=bogus', 'sort'],
        ['/denials?limit=500', 'limit'],
        ['/denials?carc=XX', 'carc'],
        ['/denials?ageBand=9', 'ageBand'],
        ['/denials/abc', 'id'],
        ['/denials/auto-correction/stats?since=2025-02-30', 'since'],
        ['/audit?since=yesterday', 'since'],
      ] as const) {
        const r = await get(url, full);
        assert.equal(r.statusCode, 400, url);
        const e = r.json<Err>().error;
        assert.deepEqual([e.code, e.details.field], ['VALIDATION_FAILED', field], url);
      }
      const body = await post(`/denials/${ids.co4}/auto-correction/execute`, full, { forceRetry: 'yes' });
      assert.equal(body.statusCode, 400);
      assert.equal(body.json<Err>().error.details.field, 'forceRetry');
    });

    void it('GET /denials/:id shows claim, lines, remittance, classification and history', async () => {
      const r = await get(`/denials/${ids.co4}`, full);
      assert.equal(r.statusCode, 200);
      const d = r.json<{
        id: number;
        carcCodes: string[];
        claim: { claimId: number; totalCharge: { cents: number } } | null;
        lines: { procedureCode: string; charge: { cents: number; currency: string } }[];
        remittance: { statusCode: string; paid: { cents: number } };
        history: { attempts: unknown[] };
        ageBand: string;
      }>();
      assert.deepEqual(
        [d.id, d.carcCodes, d.claim?.totalCharge.cents, d.lines.map((l) => [l.procedureCode, l.charge])],
        [ids.co4, ['CO-4'], 10_000, [['99213', { cents: 10_000, currency: 'USD' }]]],
      );
      assert.deepEqual(
        [d.remittance.statusCode, d.remittance.paid.cents, d.history.attempts, d.ageBand],
        ['4', 0, [], '181+'],
      );
    });

    void it('every denial and report route: 401 without or with a bad token, 403 without its scope, 404 for another tenant', async () => {
      const routes: { method: 'GET' | 'POST'; url: string; scope: Scope; payload?: unknown }[] = [
        { method: 'GET', url: '/denials', scope: 'denials.read' },
        { method: 'GET', url: `/denials/${ids.co45}`, scope: 'denials.read' },
        { method: 'GET', url: `/denials/${ids.co45}/auto-correction`, scope: 'denials.read' },
        { method: 'POST', url: `/denials/${ids.co45}/auto-correction/preview`, scope: 'denials.read' },
        {
          method: 'POST',
          url: `/denials/${ids.co45}/auto-correction/execute`,
          scope: 'denials.update',
          payload: {},
        },
        { method: 'GET', url: `/denials/${ids.co45}/corrected-claim.837`, scope: 'denials.read' },
        {
          method: 'POST',
          url: '/denials/auto-correction/bulk',
          scope: 'denials.update',
          payload: { filter: { ids: [ids.co45] }, dryRun: true },
        },
        { method: 'GET', url: '/denials/auto-correction/stats', scope: 'reports.read.operational' },
        { method: 'GET', url: '/handlers', scope: 'denials.read' },
        { method: 'GET', url: '/runs', scope: 'reports.read.operational' },
        { method: 'GET', url: '/reports/denial-rate', scope: 'reports.read.operational' },
        {
          method: 'POST',
          url: '/reports/denial-rate/reference-match',
          scope: 'reports.read.operational',
          payload: { reference: 'week_start,denial_rate\n2024-01-01,0.5\n' },
        },
        { method: 'GET', url: '/reports/recovery', scope: 'reports.read.operational' },
        { method: 'GET', url: '/audit', scope: 'reports.read.operational' },
        { method: 'GET', url: '/jobs/00000000-0000-4000-8000-000000000000', scope: 'denials.read' },
      ];
      const bad = await badTokens();
      const everyOther = (s: Scope): Scope[] =>
        (
          ['denials.read', 'denials.update', 'reports.read.operational', 'reports.read.financial'] as Scope[]
        ).filter((x) => x !== s);
      for (const r of routes) {
        const send = (token?: string) =>
          api.app.inject({
            method: r.method,
            url: r.url,
            headers: token ? bearer(token) : {},
            ...(r.payload !== undefined ? { payload: r.payload as object } : {}),
          });
        assert.equal((await send()).statusCode, 401, `${r.method} ${r.url} without a token`);
        for (const [name, token] of Object.entries(bad))
          assert.equal((await send(token)).statusCode, 401, `${r.method} ${r.url} ${name}`);
        const forbidden = await send(await tokenFor(everyOther(r.scope)));
        assert.equal(forbidden.statusCode, 403, `${r.method} ${r.url} without ${r.scope}`);
        assert.deepEqual(forbidden.json<Err>().error.details, { required: r.scope });
        if (/\/(denials|jobs)\/[\d-]/.test(r.url) || r.url.includes('bulk')) {
          const foreign = await send(other);
          assert.equal(foreign.statusCode, 404, `${r.method} ${r.url} from another tenant`);
          assert.equal(foreign.json<Err>().error.code, 'NOT_FOUND');
        }
      }
    });

    void it('seed 004 troubleshooting table through HTTP', async () => {
      // No handler covers the code: 409 NO_ELIGIBLE_HANDLER.
      const none = await post(`/denials/${ids.co45}/auto-correction/execute`, full);
      assert.deepEqual([none.statusCode, none.json<Err>().error.code], [409, 'NO_ELIGIBLE_HANDLER']);
      // A run that corrects, then a replay that a live attempt blocks: 200, anySuccess false, SKIPPED.
      const first = await post(`/denials/${ids.co4}/auto-correction/execute`, full);
      assert.equal(first.statusCode, 200);
      const ok = first.json<{
        anySuccess: boolean;
        outcomes: { status: string; rebilledClaimId: number | null }[];
      }>();
      assert.deepEqual([ok.anySuccess, ok.outcomes.map((o) => o.status)], [true, ['SUCCESS']]);
      const replay = await post(`/denials/${ids.co4}/auto-correction/execute`, full, { forceRetry: false });
      const again = replay.json<{
        anySuccess: boolean;
        outcomes: { status: string; reason: string; priorAttempt: { status: string } | null }[];
      }>();
      assert.deepEqual(
        [
          replay.statusCode,
          again.anySuccess,
          again.outcomes.map((o) => [o.status, o.reason, o.priorAttempt?.status]),
        ],
        [200, false, [['SKIPPED', 'already_attempted', 'SUCCESS']]],
      );
      // Forcing a retry of a SUCCESS: 409 ALREADY_CORRECTED (the seed's 500 is the defect fixed).
      const forced = await post(`/denials/${ids.co4}/auto-correction/execute`, full, { forceRetry: true });
      assert.deepEqual([forced.statusCode, forced.json<Err>().error.code], [409, 'ALREADY_CORRECTED']);
      // A handler that errors: 200 with a FAILED attempt; once the cause is gone a re-run succeeds.
      await failNextAppeal(api);
      const failed = await post(`/denials/${ids.co29}/auto-correction/execute`, full);
      assert.equal(failed.statusCode, 200);
      assert.deepEqual(
        failed.json<{ outcomes: { status: string }[] }>().outcomes.map((o) => o.status),
        ['FAILED'],
      );
      const rerun = await post(`/denials/${ids.co29}/auto-correction/execute`, full);
      assert.deepEqual([rerun.statusCode, rerun.json<{ anySuccess: boolean }>().anySuccess], [200, true]);
      const history = (await get(`/denials/${ids.co29}/auto-correction`, full)).json<{
        handlers: { name: string; carcs: string[] }[];
        priorAttempt: { status: string };
        history: { status: string; failureReason: string | null }[];
      }>();
      assert.deepEqual(
        [
          history.handlers.map((h) => h.name),
          history.priorAttempt.status,
          history.history.map((h) => h.status),
        ],
        [['Co29TimelyFilingHandler'], 'SUCCESS', ['FAILED', 'SUCCESS']],
      );
      // The corrected claim of the CO-4 rebill downloads as X12.
      const claim = await get(`/denials/${ids.co4}/corrected-claim.837`, full);
      assert.equal(claim.statusCode, 200);
      assert.match(String(claim.headers['content-type']), /application\/edi-x12/);
      assert.match(claim.body, /^ISA\*/);
      assert.match(claim.body, /CLM\*[^~]*\*[^~]*\*\*[^~]*:B:7/);
      const noClaim = await get(`/denials/${ids.co45}/corrected-claim.837`, full);
      assert.equal(noClaim.statusCode, 404);
    });

    void it('preview shows the corrected-claim diff and writes nothing', async () => {
      const r = await post(`/denials/${ids.co4b}/auto-correction/preview`, full);
      assert.equal(r.statusCode, 200);
      const p = r.json<{
        handlers: { handlerName: string; action: string }[];
        correctedClaim: {
          diff: { fields: Record<string, unknown>; modifiers: { after: string[] }[] };
        } | null;
      }>();
      assert.deepEqual(
        p.handlers.map((h) => [h.handlerName, h.action]),
        [['Co4ModifierHandler', 'rebill']],
      );
      assert.deepEqual(
        p.correctedClaim?.diff.modifiers.map((m) => m.after),
        [['SA']],
      );
      assert.deepEqual(p.correctedClaim?.diff.fields['CLM05-3'], ['1', '7']);
      const history = (await get(`/denials/${ids.co4b}/auto-correction`, full)).json<{
        history: unknown[];
      }>();
      assert.deepEqual(history.history, []);
    });

    void it('stats: the seed shape, money only with reports.read.financial, an empty window is []', async () => {
      const money = (await get('/denials/auto-correction/stats', full)).json<{
        data: {
          carcCode: string;
          attempts: number;
          recoveredAmount?: { cents: number };
          realisedAmount?: unknown;
          atStakeAmount?: unknown;
          realisedShare?: number | null;
          deniedAgain?: number;
        }[];
        meta: Record<string, unknown>;
      }>();
      assert.deepEqual(Object.keys(money.meta).sort(), [
        'overallRealisedShare',
        'overallSuccessRate',
        'totalAtStakeAmount',
        'totalAttempts',
        'totalDeniedAgain',
        'totalRealisedAmount',
        'totalRecoveredAmount',
      ]);
      assert.ok(money.data.every((row) => row.recoveredAmount?.cents !== undefined));
      // Realised recovery per code and in total: the service's figures (the daily roll-up).
      const report = await successRate(api.db, 'default');
      assert.deepEqual(
        money.data.map((r) => [
          r.carcCode,
          r.realisedAmount,
          r.atStakeAmount,
          r.realisedShare,
          r.deniedAgain,
        ]),
        report.rows.map((r) => [
          r.carcCode,
          usd(r.realisedAmountCents),
          usd(r.atStakeCents),
          r.realisedShare,
          r.deniedAgain,
        ]),
      );
      assert.deepEqual(money.meta.totalAtStakeAmount, usd(report.meta.totalAtStakeCents));
      assert.ok(report.meta.totalAtStakeCents > 0);
      const ops = await tokenFor(['reports.read.operational']);
      const plain = (await get('/denials/auto-correction/stats', ops)).json<{
        data: Record<string, unknown>[];
        meta: Record<string, unknown>;
      }>();
      assert.deepEqual(Object.keys(plain.meta).sort(), ['overallSuccessRate', 'totalAttempts']);
      assert.ok(plain.data.length > 0);
      for (const row of plain.data)
        assert.deepEqual(Object.keys(row).sort(), [
          'attempts',
          'carcCode',
          'failures',
          'skipped',
          'successRate',
          'successes',
        ]);
      const empty = await get('/denials/auto-correction/stats?since=2001-01-01&until=2001-01-31', full);
      assert.deepEqual(empty.json(), {
        data: [],
        meta: {
          totalAttempts: 0,
          overallSuccessRate: 0,
          totalRecoveredAmount: { cents: 0, currency: 'USD' },
          totalRealisedAmount: { cents: 0, currency: 'USD' },
          totalAtStakeAmount: { cents: 0, currency: 'USD' },
          overallRealisedShare: null,
          totalDeniedAgain: 0,
        },
      });
    });

    void it('bulk: a dry run answers 200 with projections; a real one 202 with a job that finishes', async () => {
      const a = (await aDenial(api.db, { carc: 'CO-4', deniedAmountCents: 1_000 })).denialId;
      const b = (await aDenial(api.db, { carc: 'CO-4', deniedAmountCents: 2_000 })).denialId;
      const dry = await post('/denials/auto-correction/bulk', full, {
        filter: { ids: [a, b] },
        dryRun: true,
      });
      assert.equal(dry.statusCode, 200);
      assert.deepEqual(dry.json<{ denials: number; attempts: unknown }>().attempts, {
        SUCCESS: 2,
        FAILED: 0,
        SKIPPED: 0,
      });
      assert.equal(
        (await get(`/denials/${a}/auto-correction`, full)).json<{ history: unknown[] }>().history.length,
        0,
      );
      const queued = await post('/denials/auto-correction/bulk', full, {
        filter: { ids: [a, b] },
        dryRun: false,
      });
      assert.equal(queued.statusCode, 202);
      const { job } = queued.json<{ job: { id: string; total: number; itemKind: string | null } }>();
      assert.equal(job.total, 2);
      assert.equal(job.itemKind, 'denial');
      let state = { status: 'queued', done: 0, counts: {} as Record<string, number> };
      for (let i = 0; i < 100 && state.status !== 'done'; i++) {
        await sleep(50);
        state = (await get(`/jobs/${job.id}`, full)).json();
      }
      assert.deepEqual(
        [state.status, state.done, state.counts],
        ['done', 2, { SUCCESS: 2, FAILED: 0, SKIPPED: 0 }],
      );
      const foreign = await post('/denials/auto-correction/bulk', other, {
        filter: { ids: [a] },
        dryRun: true,
      });
      assert.equal(foreign.statusCode, 404);
      const neither = await post('/denials/auto-correction/bulk', full, {
        filter: { ids: [] },
        dryRun: true,
      });
      assert.equal(neither.statusCode, 400);
    });

    void it('the audit trail has every mutating request: who, what, which ids, outcome, request id', async () => {
      const r = await get('/audit', await tokenFor(['reports.read.operational']));
      assert.equal(r.statusCode, 200);
      const items = r.json<{
        items: {
          actor: string;
          channel: string;
          action: string;
          targetIds: number[];
          outcome: string;
          requestId: string;
        }[];
      }>().items;
      const mine = items.filter((i) => i.action === 'denial.correct' && i.targetIds[0] === ids.co4);
      assert.deepEqual(
        mine.map((i) => [i.actor, i.channel, i.outcome]),
        [
          ['tester', 'http', 'SUCCESS 1 FAILED 0 SKIPPED 0'],
          ['tester', 'http', 'SUCCESS 0 FAILED 0 SKIPPED 1'],
          ['tester', 'http', 'refused: ALREADY_CORRECTED'],
        ],
      );
      assert.ok(mine.every((i) => /^[0-9a-f-]{36}$/.test(i.requestId)));
      assert.ok(items.some((i) => i.action === 'denials.bulk_submit'));
      assert.ok(items.some((i) => i.action === 'denials.bulk_correct'));
      await assert.rejects(api.db.query('DELETE FROM billing.audit_event'), /append-only/);
      const foreign = (await get('/audit', other)).json<{ items: unknown[] }>();
      assert.deepEqual(foreign.items, []);
    });

    void it('handlers, runs and reports answer', async () => {
      const handlers = (await get('/handlers', full)).json<{ items: { name: string; carcs: string[] }[] }>();
      assert.deepEqual(handlers.items[0], {
        name: 'Co4ModifierHandler',
        carcs: ['CO-4'],
        strategies: ['MODIFIER_CORRECTION'],
        needs: ['modifierRules'],
      });
      const runs = await get('/runs', full);
      assert.deepEqual(runs.json(), { items: [], total: 0, limit: 50, offset: 0 });
      const missingRun = await get('/runs/00000000-0000-4000-8000-000000000000', full);
      assert.equal(missingRun.statusCode, 404);
      const rate = await get('/reports/denial-rate?asOf=2025-09-01', full);
      assert.equal(rate.statusCode, 200);
      assert.deepEqual(rate.json<{ weeks: unknown[] }>().weeks, []);
      const recovery = await get('/reports/recovery', full);
      assert.equal(recovery.statusCode, 200);
      const rec = recovery.json<{ openDenials: number; openAmount?: unknown }>();
      assert.ok(rec.openAmount !== undefined);
      const plain = (await get('/reports/recovery', await tokenFor(['reports.read.operational']))).json<
        Record<string, unknown>
      >();
      assert.equal('openAmount' in plain, false);
      assert.equal(plain.openDenials, rec.openDenials);
    });

    void it('GET /denials and the bulk route read one filter alike: denials unless kind names the other (or any, for a cohort)', async () => {
      const share = await aDenial(api.db, { carc: 'PR-2', deniedAmountCents: 4_200 });
      await api.db.query(`UPDATE billing.denial SET kind = 'patient_liability' WHERE denial_id = $1`, [
        share.denialId,
      ]);
      type Page = { items: { id: number; kind: string }[]; total: number };
      const denials = (await get('/denials?limit=100', full)).json<Page>();
      assert.ok(denials.items.length > 0);
      assert.deepEqual(
        [...new Set(denials.items.map((i) => i.kind))],
        ['denial'],
        'the default page holds no patient-liability item',
      );
      const shares = (await get('/denials?kind=patient_liability', full)).json<Page>();
      assert.deepEqual(
        [shares.total, shares.items.map((i) => [i.id, i.kind])],
        [1, [[share.denialId, 'patient_liability']]],
      );
      const byGroup = (await get('/denials?group=PR', full)).json<Page>();
      assert.deepEqual([byGroup.total, byGroup.items], [0, []], 'a PR code alone does not make a denial');
      const bad = await get('/denials?kind=copay', full);
      assert.deepEqual(
        [bad.statusCode, bad.json<Err>().error.code, bad.json<Err>().error.details.field],
        [400, 'VALIDATION_FAILED', 'kind'],
      );
      assert.equal((await get('/denials?kind=any', full)).statusCode, 400, 'the worklist lists one kind');
      for (const [filter, expected] of [
        [{ group: 'PR' }, 0],
        [{ group: 'PR', kind: 'denial' }, 0],
        [{ group: 'PR', kind: 'patient_liability' }, 1],
        [{ group: 'PR', kind: 'any' }, 1],
      ] as const) {
        const dry = await post('/denials/auto-correction/bulk', full, { filter, dryRun: true });
        assert.equal(dry.statusCode, 200, JSON.stringify(filter));
        assert.equal(dry.json<{ denials: number }>().denials, expected, JSON.stringify(filter));
      }
      // A job says what it works, so that its page names its items as the worklist does.
      const aDenialId = denials.items[0]!.id;
      for (const [ids, itemKind] of [
        [[share.denialId], 'patient_liability'],
        [[share.denialId, aDenialId], 'mixed'],
      ] as const) {
        const queued = await post('/denials/auto-correction/bulk', full, { filter: { ids }, dryRun: false });
        assert.equal(queued.statusCode, 202);
        const { job } = queued.json<{ job: { id: string; itemKind: string | null } }>();
        assert.equal(job.itemKind, itemKind);
        let state = { status: 'queued', itemKind: null as string | null };
        for (let i = 0; i < 100 && state.status !== 'done'; i++) {
          await sleep(50);
          state = (await get(`/jobs/${job.id}`, full)).json();
        }
        assert.deepEqual([state.status, state.itemKind], ['done', itemKind]);
      }
    });
  });
}
