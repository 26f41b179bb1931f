-- Patient-liability items by account number: the index's one reader, linking, now finds an
-- account's items of either kind through their claim payment (the claim payment's natural key
-- leads with tenant and CLP01, and an item's claim payment is unique to it). Nearly every paid
-- claim payment of a real 835 leaves a patient share; this btree over account numbers, written in
-- no particular order, cost about a third of what the server spends writing such an item
-- (docs/x12.md, "Benchmark: ingest").
DROP INDEX billing.denial_patient_liability;
