-- The deferred per-row journal check ran one aggregate query per ledger line at COMMIT; on a
-- freshly loaded table the planner could pick a sequential scan for it, making bulk loads
-- quadratic, and it cost the hot path two extra queries per order. Check per statement instead,
-- over the statement's own rows (a transition table): every INSERT into ledger_entries must add
-- balanced amounts to each journal it touches, in that journal's currency. All journals are
-- written by one statement (postJournal), so this is the same invariant, enforced earlier.
DROP TRIGGER "ledger_entries_journal_balanced" ON "ledger_entries";
DROP FUNCTION trade_check_journal_balanced();

CREATE FUNCTION trade_check_journals_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT n.journal_id, sum(n.amount) AS total, count(*) FILTER (WHERE n.currency <> j.currency) AS foreign_lines
    INTO bad
    FROM new_entries n JOIN journals j ON j.id = n.journal_id
   GROUP BY n.journal_id
  HAVING sum(n.amount) <> 0 OR count(*) FILTER (WHERE n.currency <> j.currency) > 0
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal % does not balance (sum %, foreign-currency lines %)', bad.journal_id, bad.total, bad.foreign_lines
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "ledger_entries_journals_balanced" AFTER INSERT ON "ledger_entries"
  REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION trade_check_journals_balanced();
