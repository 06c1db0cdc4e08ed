-- The search-queue triggers of 0001 used INSERT OR IGNORE. Inside a trigger, the conflict
-- algorithm of the outer statement wins, so an upsert into leads (sync applying a pulled row)
-- turned the IGNORE into an ABORT when the lead was already queued. Same queueing, written so
-- that no conflict can arise.
DROP TRIGGER `leads_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `leads_fts_au`;
--> statement-breakpoint
DROP TRIGGER `leads_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `contacts_code_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_ai` AFTER INSERT ON `leads` BEGIN
  INSERT INTO `leads_fts_pending` (lead_rowid) SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM `leads_fts_pending` WHERE lead_rowid = new.rowid);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_au` AFTER UPDATE OF first_name, last_name, email, phone, contact_id ON `leads` BEGIN
  INSERT INTO `leads_fts_pending` (lead_rowid) SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM `leads_fts_pending` WHERE lead_rowid = new.rowid);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_ad` AFTER DELETE ON `leads` BEGIN
  INSERT INTO `leads_fts_pending` (lead_rowid) SELECT old.rowid WHERE NOT EXISTS (SELECT 1 FROM `leads_fts_pending` WHERE lead_rowid = old.rowid);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_code_fts_au` AFTER UPDATE OF contact_code ON `contacts` BEGIN
  INSERT INTO `leads_fts_pending` (lead_rowid)
  SELECT l.rowid FROM `leads` l WHERE l.contact_id = new.id AND NOT EXISTS (SELECT 1 FROM `leads_fts_pending` p WHERE p.lead_rowid = l.rowid);
END;
