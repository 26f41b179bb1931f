-- Work on a denial is owned: a person and/or an owner group (the groups of the weekly
-- workqueue), kept on the denial so the worklist filters by owner through an index, and every
-- change of owner and every note kept in order with who and when.
ALTER TABLE billing.denial ADD COLUMN assignee text, ADD COLUMN owner_group text;
CREATE INDEX denial_by_assignee ON billing.denial (tenant_id, assignee, denial_id) WHERE assignee IS NOT NULL;
CREATE INDEX denial_by_owner_group ON billing.denial (tenant_id, owner_group, denial_id) WHERE owner_group IS NOT NULL;

CREATE TABLE billing.denial_assignment (
  assignment_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id     text NOT NULL REFERENCES billing.tenant,
  denial_id     bigint NOT NULL REFERENCES billing.denial ON DELETE CASCADE,
  assignee      text,
  owner_group   text,
  assigned_by   text NOT NULL,
  assigned_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX denial_assignment_by_denial ON billing.denial_assignment (denial_id, assignment_id);

-- Notes are free text an operator typed: shown to people with denials.read, never logged.
CREATE TABLE billing.denial_note (
  note_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id  text NOT NULL REFERENCES billing.tenant,
  denial_id  bigint NOT NULL REFERENCES billing.denial ON DELETE CASCADE,
  author     text NOT NULL,
  body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX denial_note_by_denial ON billing.denial_note (denial_id, note_id);

-- A denial's timeline reads the audit records that name it.
CREATE INDEX audit_event_by_target ON billing.audit_event USING gin (target_ids);
