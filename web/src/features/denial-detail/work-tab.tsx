import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Assignment, AttemptView, WorkEvent } from '../../api/types';
import { useSession } from '../../app/session';
import { instant } from '../../components/format';
import { ScopedButton } from '../../components/scoped-button';
import { ErrorState, Loading } from '../../components/states';
import { OWNER_GROUPS } from '../../lib/owner-groups';
import { useAutoCorrection, useWork, useWorkMutation } from './queries';

/** Who owns the denial, its notes, and the timeline of the people and handlers that changed it. */
export function WorkTab({ id }: { id: number }) {
  const work = useWork(id);
  const info = useAutoCorrection(id);
  if (work.isPending) return <Loading what="owner and notes" />;
  if (work.error) return <ErrorState error={work.error} />;
  const w = work.data;
  return (
    <div className="stack two-col">
      <OwnerCard id={id} assignment={w.assignment} key={w.assignment?.at ?? 'none'} />
      <NotesCard id={id} notes={w.notes} />
      <Timeline events={w.events} attempts={info.data?.history ?? []} />
    </div>
  );
}

function OwnerCard({ id, assignment }: { id: number; assignment: Assignment | null }) {
  const { me } = useSession();
  const assign = useWorkMutation<{ assignee?: string | null; group?: string | null }>(id, 'assignment');
  const [assignee, setAssignee] = useState(assignment?.assignee ?? '');
  const [group, setGroup] = useState(assignment?.ownerGroup ?? '');
  const ids = { assignee: useId(), group: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    assign.mutate({ assignee: assignee.trim() || null, group: group || null });
  };
  return (
    <section className="card" aria-labelledby="owner-h">
      <h2 id="owner-h">Owner</h2>
      <p data-testid="owner">
        {assignment
          ? `${assignment.assignee ?? 'No person'}${assignment.ownerGroup ? ` · ${assignment.ownerGroup}` : ''} (since ${instant(assignment.at)}, by ${assignment.by})`
          : 'Not assigned.'}
      </p>
      <form onSubmit={submit} className="form">
        <label htmlFor={ids.assignee}>Person</label>
        <input id={ids.assignee} value={assignee} onChange={(e) => setAssignee(e.target.value)} />
        <label htmlFor={ids.group}>Owner group</label>
        <select id={ids.group} value={group} onChange={(e) => setGroup(e.target.value)}>
          <option value="">none</option>
          {OWNER_GROUPS.map((g) => (
            <option key={g}>{g}</option>
          ))}
        </select>
        <div className="row">
          <ScopedButton scope="denials.update" type="submit" disabled={assign.isPending}>
            Save owner
          </ScopedButton>
          {me && (
            <ScopedButton
              scope="denials.update"
              disabled={assign.isPending}
              onClick={() => assign.mutate({ assignee: me.subject, group: group || null })}
            >
              Assign to me
            </ScopedButton>
          )}
        </div>
        {assign.error && <ErrorState error={assign.error} title="Owner not saved" />}
      </form>
    </section>
  );
}

function NotesCard({
  id,
  notes,
}: {
  id: number;
  notes: readonly { id: number; text: string; author: string; at: string }[];
}) {
  const note = useWorkMutation<{ text: string }>(id, 'notes');
  const [text, setText] = useState('');
  const textId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    note.mutate({ text: text.trim() }, { onSuccess: () => setText('') });
  };
  return (
    <section className="card" aria-labelledby="notes-h">
      <h2 id="notes-h">Notes</h2>
      <form onSubmit={submit} className="form">
        <label htmlFor={textId}>New note</label>
        <textarea
          id={textId}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={2000}
        />
        <div className="row">
          <ScopedButton scope="denials.update" type="submit" disabled={note.isPending || text.trim() === ''}>
            Add note
          </ScopedButton>
        </div>
        {note.error && <ErrorState error={note.error} title="Note not saved" />}
      </form>
      {notes.length === 0 ? (
        <p>No notes yet.</p>
      ) : (
        <ul className="notes" aria-label="Notes, newest first">
          {notes.map((n) => (
            <li key={n.id}>
              <p className="muted">
                {n.author} · {instant(n.at)}
              </p>
              <p className="note-text">{n.text}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Entry = { at: string; who: ReactNode; what: string };

/** People's actions and the handlers' attempts, oldest first: who or what changed the denial. */
function Timeline({ events, attempts }: { events: readonly WorkEvent[]; attempts: readonly AttemptView[] }) {
  const entries: Entry[] = [
    ...events.map((e) => ({
      at: e.at,
      who: <strong>{e.actor}</strong>,
      what: `${e.action}${e.detail ? ` (${e.detail})` : ''}`,
    })),
    ...attempts.map((a) => ({
      at: a.finishedAt ?? a.claimedAt,
      who: <Link to={`/handlers/${encodeURIComponent(a.handlerName)}`}>{a.handlerName}</Link>,
      what: `${a.status}${a.failureReason ? `: ${a.failureReason}` : ''}${a.rebilledClaimId !== null ? `, rebilled as claim ${a.rebilledClaimId}` : ''}`,
    })),
  ].sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
  return (
    <section className="card wide" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline</h2>
      {entries.length === 0 ? (
        <p>Nothing has happened to this denial yet.</p>
      ) : (
        <ol className="timeline">
          {entries.map((e, i) => (
            <li key={i}>
              <span className="muted">{instant(e.at)}</span> {e.who} {e.what}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
