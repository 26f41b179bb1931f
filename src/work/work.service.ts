import type { Actor } from '../audit/audit.service.js';
import { audit } from '../audit/audit.service.js';
import type { Db, Queryable } from '../db/db.js';
import { ReclaimError } from '../errors.js';
import { DENIAL_GROUPS } from '../recovery/routing.js';
import {
  findAssignments,
  findDenialAuditTrail,
  findDenialExists,
  findNotes,
  insertAssignment,
  insertNote,
  updateDenialOwner,
  type AssignmentRow,
  type NoteRow,
} from './work.repository.js';

/** The owner groups of the weekly workqueue: the only groups a denial can be given to. */
export const OWNER_GROUPS: readonly string[] = [...new Set(DENIAL_GROUPS.map((g) => g.ownerGroup))].sort();

export interface WorkEvent {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly detail: string | null;
  readonly correlationId: string | null;
}

export interface DenialWork {
  readonly assignment: AssignmentRow | null;
  readonly notes: NoteRow[];
  /** Owner changes, notes and audited actions on the denial, oldest first. */
  readonly events: WorkEvent[];
}

const notFound = (denialId: number) =>
  new ReclaimError('NOT_FOUND', `denial ${denialId} not found`, { denialId });

/**
 * Gives the denial to a person and/or an owner group (null clears one, absent keeps it), recorded
 * with who and when, and audited, in the caller's transaction.
 */
export async function assignDenial(
  tx: Queryable,
  tenantId: string,
  who: Actor,
  denialId: number,
  owner: { assignee?: string | null; ownerGroup?: string | null },
): Promise<AssignmentRow> {
  if (owner.ownerGroup != null && !OWNER_GROUPS.includes(owner.ownerGroup))
    throw new ReclaimError('VALIDATION_FAILED', `group: not an owner group (${OWNER_GROUPS.join(', ')})`, {
      field: 'group',
    });
  const now = await updateDenialOwner(tx, tenantId, denialId, owner);
  if (!now) throw notFound(denialId);
  await insertAssignment(tx, tenantId, denialId, { ...now, by: who.actor });
  await audit(tx, tenantId, who, { action: 'denial.assign', targetIds: [denialId], outcome: 'ok' });
  const all = await findAssignments(tx, tenantId, denialId);
  return all[all.length - 1]!;
}

/** Adds a note to the denial, audited (the audit keeps that a note was written, not its text). */
export async function addNote(
  tx: Queryable,
  tenantId: string,
  who: Actor,
  denialId: number,
  text: string,
): Promise<NoteRow> {
  const id = await insertNote(tx, tenantId, denialId, who.actor, text);
  if (id === null) throw notFound(denialId);
  await audit(tx, tenantId, who, { action: 'denial.note', targetIds: [denialId], outcome: 'ok' });
  const notes = await findNotes(tx, tenantId, denialId);
  return notes.find((n) => n.id === id)!;
}

function describeOwner(a: AssignmentRow): string {
  if (!a.assignee && !a.ownerGroup) return 'cleared the owner';
  return `assigned it to ${[a.assignee, a.ownerGroup].filter(Boolean).join(' in ')}`;
}

/** Who owns the denial, its notes, and its timeline of people's actions. */
export async function denialWork(db: Db, tenantId: string, denialId: number): Promise<DenialWork> {
  return db.transaction(async (tx) => {
    if (!(await findDenialExists(tx, tenantId, denialId))) throw notFound(denialId);
    const [assignments, notes, trail] = [
      await findAssignments(tx, tenantId, denialId),
      await findNotes(tx, tenantId, denialId),
      await findDenialAuditTrail(tx, tenantId, denialId),
    ];
    // Owner changes and notes are told from their own rows (with the names); the audit adds
    // everything else a person triggered, such as a correction.
    const events: WorkEvent[] = [
      ...assignments.map((a) => ({
        at: a.at,
        actor: a.by,
        action: describeOwner(a),
        detail: null,
        correlationId: null,
      })),
      ...notes.map((n) => ({
        at: n.at,
        actor: n.author,
        action: 'added a note',
        detail: null,
        correlationId: null,
      })),
      ...trail
        .filter((t) => t.action !== 'denial.assign' && t.action !== 'denial.note')
        .map((t) => ({
          at: t.at,
          actor: t.actor,
          action: t.action,
          detail: t.outcome,
          correlationId: t.correlationId,
        })),
    ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const last = assignments[assignments.length - 1];
    return { assignment: last && (last.assignee || last.ownerGroup) ? last : null, notes, events };
  });
}
