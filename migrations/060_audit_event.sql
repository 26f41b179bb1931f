-- The audit trail (HIPAA §164.312(b) audit controls): who did what to which ids, with what
-- outcome, written in the same transaction as the change. Append-only: updates, deletes and
-- truncation are refused by triggers, so a row once committed stays as written.
CREATE TABLE billing.audit_event (
  audit_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id      text NOT NULL REFERENCES billing.tenant,
  occurred_at    timestamptz NOT NULL DEFAULT now(),
  actor          text NOT NULL,                       -- token subject, or the OS user on the CLI
  channel        text NOT NULL CHECK (channel IN ('http', 'cli')),
  action         text NOT NULL,                       -- 'denial.correct', 'denials.bulk_correct' ...
  target_ids     bigint[] NOT NULL DEFAULT '{}',
  outcome        text NOT NULL,
  request_id     text,
  correlation_id text
);
CREATE INDEX audit_event_tenant_time ON billing.audit_event (tenant_id, occurred_at, audit_id);

CREATE FUNCTION billing.audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'billing.audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON billing.audit_event
  FOR EACH ROW EXECUTE FUNCTION billing.audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON billing.audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION billing.audit_event_refuse_change();
