import { z } from 'zod';

/** `POST /denials/:id/assignment`: a person, an owner group, or both; null clears one. */
export const AssignmentBody = z
  .object({
    assignee: z.string().trim().min(1).max(200).nullable().optional(),
    group: z.string().trim().min(1).max(80).nullable().optional(),
  })
  .strict()
  .refine((b) => b.assignee !== undefined || b.group !== undefined, {
    message: 'give assignee or group',
    path: ['assignee'],
  });
export type AssignmentBody = z.infer<typeof AssignmentBody>;

export const Assignment = z.object({
  assignee: z.string().nullable(),
  ownerGroup: z.string().nullable(),
  by: z.string(),
  at: z.string(),
});
export type Assignment = z.infer<typeof Assignment>;

/** `POST /denials/:id/notes`. */
export const NoteBody = z.object({ text: z.string().trim().min(1).max(2000) }).strict();
export type NoteBody = z.infer<typeof NoteBody>;

export const Note = z.object({ id: z.number().int(), text: z.string(), author: z.string(), at: z.string() });
export type Note = z.infer<typeof Note>;

export const WorkEvent = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  detail: z.string().nullable(),
  correlationId: z.string().nullable(),
});
export type WorkEvent = z.infer<typeof WorkEvent>;

/** `GET /denials/:id/work`: owner, notes (newest first) and the timeline of people's actions. */
export const DenialWork = z.object({
  assignment: Assignment.nullable(),
  notes: z.array(Note),
  events: z.array(WorkEvent),
});
export type DenialWork = z.infer<typeof DenialWork>;
