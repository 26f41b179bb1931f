-- Events leave through the outbox, written in the same transaction as the change they describe;
-- a relay publishes them and stamps published_at. dedupe_key makes a second copy of one fact
-- impossible (the rebill of one claim version, the liability transfer of one attempt).
CREATE TABLE billing.outbox_event (
  seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id       uuid NOT NULL UNIQUE,
  tenant_id      text NOT NULL REFERENCES billing.tenant,
  org_id         text,
  correlation_id text NOT NULL,
  event_type     text NOT NULL,
  dedupe_key     text NOT NULL,
  payload        jsonb NOT NULL,
  occurred_at    timestamptz NOT NULL DEFAULT now(),
  published_at   timestamptz,
  UNIQUE (tenant_id, dedupe_key)
);
CREATE INDEX outbox_event_unpublished ON billing.outbox_event (seq) WHERE published_at IS NULL;
