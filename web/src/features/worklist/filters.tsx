import { useState, type FormEvent } from 'react';
import { FILTER_KEYS, type UrlFilter } from '../../lib/denial-filter';

const STATUSES = ['OPEN', 'CORRECTED', 'APPEALED', 'WRITTEN_OFF', 'RESOLVED', 'MANUAL_REVIEW'];
const GROUPS = ['CO', 'PR', 'OA', 'PI', 'CR'];
const AGE_BANDS = ['0-30', '31-60', '61-90', '91-180', '181+'];

/** Dollars typed by a person → the API's integer cents (as text for the URL). */
function toCents(dollars: string): string {
  const n = Number(dollars);
  return dollars.trim() === '' || !Number.isFinite(n) ? '' : String(Math.round(n * 100));
}
function toDollars(cents: string | undefined): string {
  return cents ? String(Number(cents) / 100) : '';
}

interface Props {
  readonly value: UrlFilter;
  readonly onApply: (f: UrlFilter) => void;
}

/** The filter form: typed freely, applied to the URL on submit (so each filter is one history step). */
export function Filters({ value, onApply }: Props) {
  // Amounts are typed in dollars and kept as typed ("12." stays) until the form is applied.
  const [draft, setDraft] = useState<UrlFilter>(() => ({
    ...value,
    minAmountCents: toDollars(value.minAmountCents),
    maxAmountCents: toDollars(value.maxAmountCents),
  }));
  const set = (k: keyof UrlFilter) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const clean: UrlFilter = {};
    for (const k of FILTER_KEYS) {
      const v = draft[k]?.trim();
      if (!v) continue;
      if (k === 'minAmountCents' || k === 'maxAmountCents') {
        const cents = toCents(v);
        if (cents) clean[k] = cents;
      } else clean[k] = k === 'carc' ? v.toUpperCase() : v;
    }
    onApply(clean);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter denials">
      <label>
        Kind
        <select value={draft.kind ?? ''} onChange={set('kind')}>
          <option value="">denials</option>
          <option value="patient_liability">patient liability</option>
        </select>
      </label>
      <label>
        Search
        <input
          type="search"
          value={draft.q ?? ''}
          onChange={set('q')}
          placeholder="account or payer claim number"
        />
      </label>
      <label>
        CARC
        <input value={draft.carc ?? ''} onChange={set('carc')} placeholder="CO-4" size={7} />
      </label>
      <label>
        Group
        <select value={draft.group ?? ''} onChange={set('group')}>
          <option value="">any</option>
          {GROUPS.map((g) => (
            <option key={g}>{g}</option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select value={draft.status ?? ''} onChange={set('status')}>
          <option value="">any</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Category
        <input value={draft.category ?? ''} onChange={set('category')} size={12} />
      </label>
      <label>
        Payer
        <input value={draft.payer ?? ''} onChange={set('payer')} size={12} />
      </label>
      <label>
        Age
        <select value={draft.ageBand ?? ''} onChange={set('ageBand')}>
          <option value="">any</option>
          {AGE_BANDS.map((b) => (
            <option key={b} value={b}>
              {b} days
            </option>
          ))}
        </select>
      </label>
      <label>
        Min amount ($)
        <input
          inputMode="decimal"
          value={draft.minAmountCents ?? ''}
          onChange={set('minAmountCents')}
          size={8}
        />
      </label>
      <label>
        Max amount ($)
        <input
          inputMode="decimal"
          value={draft.maxAmountCents ?? ''}
          onChange={set('maxAmountCents')}
          size={8}
        />
      </label>
      <label>
        Owner
        <input
          value={draft.owner ?? ''}
          onChange={set('owner')}
          placeholder="me, a person or a group"
          size={14}
        />
      </label>
      <div className="filter-actions">
        <button type="submit">Apply filters</button>
        <button
          type="button"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
