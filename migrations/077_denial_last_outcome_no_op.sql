-- A denial's latest outcome (migration 061) is written only where it differs. Realised recovery (a
-- follow-up 835) updates the realised amounts of the attempts it answers, and the worklist's
-- statement trigger then rewrote every one of their denials with the outcome it already had: a
-- new row version in each of the worklist's indexes, for nothing. What the trigger keeps is the
-- same.
CREATE OR REPLACE FUNCTION billing.denial_track_last_outcome() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE billing.denial d SET last_outcome = a.status, last_attempt_id = a.attempt_id
  FROM (SELECT DISTINCT ON (denial_id) denial_id, attempt_id, status
        FROM changed ORDER BY denial_id, attempt_id DESC) a
  WHERE a.denial_id = d.denial_id AND (d.last_attempt_id IS NULL OR a.attempt_id >= d.last_attempt_id)
    AND (d.last_outcome IS DISTINCT FROM a.status OR d.last_attempt_id IS DISTINCT FROM a.attempt_id);
  RETURN NULL;
END
$$;
