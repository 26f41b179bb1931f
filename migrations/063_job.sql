-- Background jobs (a non-dry bulk correction). Each job's work is a list of items claimed in
-- batches with FOR UPDATE SKIP LOCKED; a batch's engine writes, its items' marks and the job's
-- counters commit together, so a process killed mid-batch leaves that batch to whoever picks the
-- job up next (its row locks die with its connection), and no item is ever done twice.
CREATE TABLE billing.job (
  job_id      uuid PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES billing.tenant,
  kind        text NOT NULL,
  status      text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  input       jsonb NOT NULL,
  total       integer NOT NULL,
  done        integer NOT NULL DEFAULT 0,
  counts      jsonb NOT NULL DEFAULT '{}',
  failures    jsonb NOT NULL DEFAULT '[]',
  error       text,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX job_unfinished ON billing.job (created_at) WHERE status IN ('queued', 'running');

CREATE TABLE billing.job_item (
  job_id    uuid NOT NULL REFERENCES billing.job ON DELETE CASCADE,
  denial_id bigint NOT NULL,
  done      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (job_id, denial_id)
);
CREATE INDEX job_item_todo ON billing.job_item (job_id, denial_id) WHERE NOT done;
