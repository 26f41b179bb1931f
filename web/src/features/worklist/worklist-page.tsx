import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { query } from '../../api/client';
import type { DenialSummary } from '../../api/types';
import { useSession } from '../../app/session';
import { count, money } from '../../components/format';
import { Page } from '../../components/page';
import { Empty, ErrorState, Loading } from '../../components/states';
import { filterFromUrl, hasFilter, kindNoun, type UrlFilter } from '../../lib/denial-filter';
import { Filters } from './filters';
import { useDenials } from './use-denials';

const PAGE_SIZES = [25, 50, 100, 200];
const COLUMNS: readonly { key: string; label: string }[] = [
  { key: 'age', label: 'Age (days)' },
  { key: 'amount', label: 'Denied' },
  { key: 'carc', label: 'CARC' },
  { key: 'payer', label: 'Payer' },
  { key: 'lastOutcome', label: 'Last attempt' },
];

/** The denials worklist; every filter, the sort and the page live in the URL. */
export function WorklistPage() {
  const [params, setParams] = useSearchParams();
  const { me } = useSession();
  const filter = filterFromUrl(params);
  const sort = params.get('sort') ?? '-age';
  const limit = Number(params.get('limit') ?? 50) || 50;
  const offset = Number(params.get('offset') ?? 0) || 0;
  const list = useDenials({ filter, sort, limit, offset });
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());

  const go = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next))
      if (v) p.set(k, v);
      else p.delete(k);
    setParams(p);
  };
  const applyFilter = (f: UrlFilter) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
    if (params.get('sort')) p.set('sort', sort);
    if (params.get('limit')) p.set('limit', String(limit));
    setSelected(new Set());
    setParams(p);
  };
  const mine = filter.owner === 'me';
  // The worklist lists one kind at a time: denials, or patient shares (PR-1/2/3) to bill.
  const noun = kindNoun(filter.kind);
  const data = list.data;
  const items = data?.items ?? [];
  const allOnPage = items.length > 0 && items.every((d) => selected.has(d.id));
  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (!n.delete(id)) n.add(id);
      return n;
    });

  return (
    <Page
      title={mine ? 'My denials' : 'Worklist'}
      actions={
        <>
          <button
            type="button"
            aria-pressed={mine}
            onClick={() => applyFilter(mine ? { ...filter, owner: undefined } : { ...filter, owner: 'me' })}
          >
            {mine ? 'All denials' : 'My denials'}
          </button>
          {hasFilter(filter) && (
            <Link className="button" to={`/bulk${query({ ...filter })}`}>
              Bulk correct this filter
            </Link>
          )}
          {selected.size > 0 && (
            <Link
              className="button"
              // The kind rides along so that the bulk page names the items as the worklist did.
              to={`/bulk?ids=${[...selected].join(',')}${filter.kind ? `&kind=${filter.kind}` : ''}`}
            >
              Bulk correct {count(selected.size)} selected
            </Link>
          )}
        </>
      }
    >
      <Filters key={params.toString()} value={filter} onApply={applyFilter} />
      {list.isPending ? (
        <Loading what="denials" />
      ) : list.error ? (
        <ErrorState error={list.error} title="The worklist could not be loaded" />
      ) : data && data.total === 0 ? (
        <Empty>
          <h2>No {noun.many} match</h2>
          <p>
            {hasFilter(filter)
              ? 'Loosen or clear the filters above.'
              : `Tenant ${me?.tenant ?? ''} has no ${noun.many} yet: ingest 835 files (reclaim ingest) or load the demo (npm start).`}
          </p>
        </Empty>
      ) : (
        data && (
          <>
            <p className="summary" role="status" aria-live="polite">
              {count(data.total)}
              {data.totalCapped ? '+' : ''} {data.total === 1 ? noun.one : noun.many} · showing{' '}
              {count(offset + 1)}–{count(offset + items.length)}
              {list.isFetching ? ' · updating…' : ''}
            </p>
            <div className="table-wrap">
              <table className="worklist" aria-busy={list.isFetching}>
                <caption className="sr-only">
                  {noun.many.charAt(0).toUpperCase() + noun.many.slice(1)}, sorted by {sort.replace('-', '')}{' '}
                  {sort.startsWith('-') ? 'descending' : 'ascending'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label={`Select every ${noun.one} on this page`}
                        checked={allOnPage}
                        onChange={() =>
                          setSelected((s) => {
                            const n = new Set(s);
                            for (const d of items)
                              if (allOnPage) n.delete(d.id);
                              else n.add(d.id);
                            return n;
                          })
                        }
                      />
                    </th>
                    <th scope="col">Account</th>
                    {COLUMNS.map((c) => (
                      <SortHeader
                        key={c.key}
                        column={c.key}
                        label={c.label}
                        sort={sort}
                        onSort={(s) => go({ sort: s, offset: undefined })}
                      />
                    ))}
                    <th scope="col">Status</th>
                    <th scope="col">Category</th>
                    <th scope="col">Owner</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((d) => (
                    <Row
                      key={d.id}
                      d={d}
                      noun={noun.one}
                      selected={selected.has(d.id)}
                      onToggle={() => toggle(d.id)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              total={data.total}
              capped={data.totalCapped}
              shown={items.length}
              limit={limit}
              offset={offset}
              onPage={(o) => go({ offset: o ? String(o) : undefined })}
              onSize={(l) => go({ limit: String(l), offset: undefined })}
            />
          </>
        )
      )}
    </Page>
  );
}

function SortHeader({
  column,
  label,
  sort,
  onSort,
}: {
  column: string;
  label: string;
  sort: string;
  onSort: (s: string) => void;
}) {
  const active = sort === column || sort === `-${column}`;
  const desc = sort === `-${column}`;
  return (
    <th scope="col" aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort" onClick={() => onSort(active && !desc ? `-${column}` : column)}>
        {label}
        <span aria-hidden="true">{active ? (desc ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

function Row({
  d,
  selected,
  onToggle,
  noun,
}: {
  d: DenialSummary;
  selected: boolean;
  onToggle: () => void;
  noun: string;
}) {
  return (
    <tr className={selected ? 'selected' : undefined}>
      <td>
        <input
          type="checkbox"
          checked={selected}
          onChange={onToggle}
          aria-label={`Select ${noun} ${d.patientControlNumber}`}
        />
      </td>
      <th scope="row">
        <Link to={`/denials/${d.id}`}>{d.patientControlNumber}</Link>
      </th>
      <td className="num">{d.ageDays}</td>
      <td className="num">{money(d.deniedAmount.cents)}</td>
      <td>{d.carcCodes.join(', ')}</td>
      <td>{d.payer}</td>
      <td>{d.lastOutcome ? <span className={`pill s-${d.lastOutcome}`}>{d.lastOutcome}</span> : '—'}</td>
      <td>{d.status}</td>
      <td>{d.category ?? '—'}</td>
      <td>{d.assignee ?? d.ownerGroup ?? '—'}</td>
    </tr>
  );
}

function Pager(props: {
  total: number;
  /** More than `total` match (the API counts exactly up to 10,000). */
  capped: boolean;
  /** Rows on this page. */
  shown: number;
  limit: number;
  offset: number;
  onPage: (offset: number) => void;
  onSize: (limit: number) => void;
}) {
  const { total, limit, offset } = props;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={offset === 0} onClick={() => props.onPage(Math.max(0, offset - limit))}>
        Previous page
      </button>
      <span>
        Page {count(page)} of {count(pages)}
        {props.capped ? '+' : ''}
      </span>
      <button
        type="button"
        disabled={props.capped ? props.shown < limit : offset + limit >= total}
        onClick={() => props.onPage(offset + limit)}
      >
        Next page
      </button>
      <label>
        Rows per page
        <select value={limit} onChange={(e) => props.onSize(Number(e.target.value))}>
          {PAGE_SIZES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
    </nav>
  );
}
