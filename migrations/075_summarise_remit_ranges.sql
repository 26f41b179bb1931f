-- Summarising the new block ranges of a claim payment's lines, adjustments and remarks (their BRIN
-- indexes, migration 073) needs the indexes' owner. Posting does it after every 835, as whatever
-- role runs the command; a server role that may only read and write rows could not, and until
-- autovacuum next vacuumed those insert-only tables (a fifth more rows by default) every lookup of
-- one claim payment's lines read all the pages not summarised yet. This function runs as its owner
-- (the role that migrates, which owns the indexes), touches only these three indexes and takes no
-- argument, so anyone may call it.
CREATE FUNCTION billing.summarise_remit_ranges() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  PERFORM brin_summarize_new_values('billing.remit_line_claim'::regclass),
          brin_summarize_new_values('billing.remittance_adjustment_claim'::regclass),
          brin_summarize_new_values('billing.remittance_remark_claim'::regclass);
END $$;
