import { Tab, TabList, TabPanel, Tabs, type Key } from 'react-aria-components';
import { Link, useParams, useSearchParams } from 'react-router';
import type { DenialDetail } from '../../api/types';
import { money } from '../../components/format';
import { Page } from '../../components/page';
import { ErrorState, Loading } from '../../components/states';
import { ClaimTab } from './claim-tab';
import { CorrectionsTab } from './corrections-tab';
import { HistoryDrawer } from './history-drawer';
import { useDenial } from './queries';
import { WorkTab } from './work-tab';

const TABS = ['claim', 'corrections', 'work'] as const;

/** One denial: header, then tabs (claim, corrections, work); the tab and drawer are in the URL. */
export function DenialDetailPage() {
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const denial = useDenial(id);
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab')! : 'claim';
  const setParam = (k: string, v: string | null) => {
    const p = new URLSearchParams(params);
    if (v) p.set(k, v);
    else p.delete(k);
    setParams(p, { replace: k === 'tab' });
  };
  if (!Number.isSafeInteger(id) || id <= 0) return <ErrorState error={null} title="Not a denial id" />;
  if (denial.isPending) return <Loading what="the denial" />;
  if (denial.error) return <ErrorState error={denial.error} title="The denial could not be loaded" />;
  const d = denial.data;
  return (
    <Page
      title={`Denial ${d.patientControlNumber}`}
      actions={
        <>
          <Link to="/denials">Back to the worklist</Link>
          <button type="button" onClick={() => setParam('drawer', 'history')}>
            History
          </button>
        </>
      }
    >
      <Header d={d} />
      <Tabs
        selectedKey={tab}
        onSelectionChange={(k: Key) => setParam('tab', String(k) === 'claim' ? null : String(k))}
      >
        <TabList aria-label="Denial sections" className="tabs">
          <Tab id="claim">Claim</Tab>
          <Tab id="corrections">Corrections</Tab>
          <Tab id="work">Owner and notes</Tab>
        </TabList>
        <TabPanel id="claim">
          <ClaimTab d={d} />
        </TabPanel>
        <TabPanel id="corrections">
          <CorrectionsTab d={d} onOpenHistory={() => setParam('drawer', 'history')} />
        </TabPanel>
        <TabPanel id="work">
          <WorkTab id={d.id} />
        </TabPanel>
      </Tabs>
      <HistoryDrawer
        id={d.id}
        open={params.get('drawer') === 'history'}
        onClose={() => setParam('drawer', null)}
      />
    </Page>
  );
}

function Header({ d }: { d: DenialDetail }) {
  const billed = d.claim?.totalCharge ?? d.remittance.charge;
  const service = d.claim?.serviceDateFrom
    ? `${d.claim.serviceDateFrom}${d.claim.serviceDateTo && d.claim.serviceDateTo !== d.claim.serviceDateFrom ? ` to ${d.claim.serviceDateTo}` : ''}`
    : '—';
  const facts: [string, string][] = [
    ['Patient control number', d.patientControlNumber],
    ['Payer', d.payer],
    ['Payer claim control number', d.payerClaimControlNumber],
    ['Billed', money(billed.cents)],
    ['Paid', money(d.remittance.paid.cents)],
    ['Denied', money(d.deniedAmount.cents)],
    ['Service dates', service],
    ['Denied on', d.deniedOn ?? '—'],
    ['Aging', `${d.ageDays} days (${d.ageBand})`],
    ['Status', d.status],
    ['Codes', [...d.carcCodes, ...d.rarcCodes].join(', ')],
    ['Remittance paid on', d.remittance.paymentDate ?? '—'],
  ];
  return (
    <dl className="facts">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
