-- Quick search over leads: name, email, phone digits (international and national) and the
-- contact's 6-digit code, in a contentless FTS5 index keyed by the leads rowid.
--
-- Triggers do not write the index directly: an FTS5 insert inside a trigger flushes the index at
-- every statement savepoint (~50 us a row, and many tiny segments). Instead triggers queue the
-- lead's rowid in leads_fts_pending (a plain table, cheap), and refreshLeadSearch() brings the
-- index up to date in one set-based statement before a search reads it. Every write path (the
-- write path, imports, sync) is covered by the triggers, with bulk cost.
--
-- VACUUM renumbers rowids of tables without an INTEGER PRIMARY KEY, so the app never runs VACUUM;
-- if one ever must, queue every lead afterwards (INSERT INTO leads_fts_pending SELECT rowid FROM leads).
CREATE VIRTUAL TABLE `leads_fts` USING fts5(`body`, content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 2");
--> statement-breakpoint
CREATE TABLE `leads_fts_pending` (`lead_rowid` INTEGER PRIMARY KEY);
--> statement-breakpoint
CREATE VIEW `leads_search_source` AS
SELECT l.rowid AS lead_rowid,
  l.first_name || ' ' || l.last_name || ' ' || l.email || ' ' ||
  replace(replace(replace(replace(replace(replace(l.phone, '+', ''), '(', ''), ')', ''), '-', ''), ' ', ''), '.', '') || ' ' ||
  CASE WHEN l.phone LIKE '+1%' THEN substr(l.phone, 3) ELSE '' END || ' ' ||
  coalesce(c.contact_code, '') AS body
FROM `leads` l LEFT JOIN `contacts` c ON c.id = l.contact_id;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_ai` AFTER INSERT ON `leads` BEGIN
  INSERT OR IGNORE INTO `leads_fts_pending` (lead_rowid) VALUES (new.rowid);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_au` AFTER UPDATE OF first_name, last_name, email, phone, contact_id ON `leads` BEGIN
  INSERT OR IGNORE INTO `leads_fts_pending` (lead_rowid) VALUES (new.rowid);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_fts_ad` AFTER DELETE ON `leads` BEGIN
  INSERT OR IGNORE INTO `leads_fts_pending` (lead_rowid) VALUES (old.rowid);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_code_fts_au` AFTER UPDATE OF contact_code ON `contacts` BEGIN
  INSERT OR IGNORE INTO `leads_fts_pending` (lead_rowid) SELECT rowid FROM `leads` WHERE contact_id = new.id;
END;
--> statement-breakpoint
-- Leads that exist from before this migration.
INSERT INTO `leads_fts`(rowid, body) SELECT lead_rowid, body FROM `leads_search_source`;
