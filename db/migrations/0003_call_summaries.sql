-- Analytics summaries kept current by triggers on every insert, update and delete of calls and
-- leads (never a manual refresh). They are local, derived data: each device maintains its own
-- from the synced rows, so they are not synced themselves. A stage change moves a call from one
-- bucket to another inside the same transaction as the change.
--
--   call_stats_daily      workspace × day × traffic source × stage          (dashboards by day)
--   call_stats_rep_daily  workspace × day × rep × traffic source × stage    (by-rep tables, rep filter)
--   call_stats_total      workspace × traffic source × stage                (all-time figures)
--   lead_status_stats     workspace × lead status                            (conversion funnel)
--
-- Days are calls.call_day: the call's calendar day in its workspace's time zone, written by the app.
CREATE TABLE `call_stats_daily` (
  `workspace_id` text NOT NULL, `day` text NOT NULL, `traffic_source` text NOT NULL, `crm_stage` text NOT NULL,
  `calls` integer NOT NULL, `sale_value_cents` integer NOT NULL,
  PRIMARY KEY (`workspace_id`, `day`, `traffic_source`, `crm_stage`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `call_stats_rep_daily` (
  `workspace_id` text NOT NULL, `day` text NOT NULL, `rep_user_id` text NOT NULL, `traffic_source` text NOT NULL, `crm_stage` text NOT NULL,
  `calls` integer NOT NULL, `sale_value_cents` integer NOT NULL,
  PRIMARY KEY (`workspace_id`, `day`, `rep_user_id`, `traffic_source`, `crm_stage`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `call_stats_total` (
  `workspace_id` text NOT NULL, `traffic_source` text NOT NULL, `crm_stage` text NOT NULL,
  `calls` integer NOT NULL, `sale_value_cents` integer NOT NULL,
  PRIMARY KEY (`workspace_id`, `traffic_source`, `crm_stage`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `lead_status_stats` (
  `workspace_id` text NOT NULL, `status` text NOT NULL, `leads` integer NOT NULL,
  PRIMARY KEY (`workspace_id`, `status`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `calls_stats_ai` AFTER INSERT ON `calls` WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO call_stats_daily VALUES (new.workspace_id, new.call_day, new.traffic_source, new.crm_stage, 1, coalesce(new.sale_value_cents, 0))
    ON CONFLICT DO UPDATE SET calls = calls + 1, sale_value_cents = sale_value_cents + excluded.sale_value_cents;
  INSERT INTO call_stats_rep_daily VALUES (new.workspace_id, new.call_day, coalesce(new.rep_user_id, ''), new.traffic_source, new.crm_stage, 1, coalesce(new.sale_value_cents, 0))
    ON CONFLICT DO UPDATE SET calls = calls + 1, sale_value_cents = sale_value_cents + excluded.sale_value_cents;
  INSERT INTO call_stats_total VALUES (new.workspace_id, new.traffic_source, new.crm_stage, 1, coalesce(new.sale_value_cents, 0))
    ON CONFLICT DO UPDATE SET calls = calls + 1, sale_value_cents = sale_value_cents + excluded.sale_value_cents;
END;
--> statement-breakpoint
CREATE TRIGGER `calls_stats_ad` AFTER DELETE ON `calls` WHEN old.deleted_at IS NULL BEGIN
  UPDATE call_stats_daily SET calls = calls - 1, sale_value_cents = sale_value_cents - coalesce(old.sale_value_cents, 0)
    WHERE workspace_id = old.workspace_id AND day = old.call_day AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  DELETE FROM call_stats_daily WHERE calls = 0 AND workspace_id = old.workspace_id AND day = old.call_day AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  UPDATE call_stats_rep_daily SET calls = calls - 1, sale_value_cents = sale_value_cents - coalesce(old.sale_value_cents, 0)
    WHERE workspace_id = old.workspace_id AND day = old.call_day AND rep_user_id = coalesce(old.rep_user_id, '') AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  DELETE FROM call_stats_rep_daily WHERE calls = 0 AND workspace_id = old.workspace_id AND day = old.call_day AND rep_user_id = coalesce(old.rep_user_id, '') AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  UPDATE call_stats_total SET calls = calls - 1, sale_value_cents = sale_value_cents - coalesce(old.sale_value_cents, 0)
    WHERE workspace_id = old.workspace_id AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  DELETE FROM call_stats_total WHERE calls = 0 AND workspace_id = old.workspace_id AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
END;
--> statement-breakpoint
-- An update is "leave the old bucket" (when the old row was live) then "join the new one" (when
-- the new row is live); a tombstone (deleted_at set) therefore only leaves, a revival only joins.
CREATE TRIGGER `calls_stats_au` AFTER UPDATE OF workspace_id, call_day, traffic_source, crm_stage, rep_user_id, sale_value_cents, deleted_at ON `calls` BEGIN
  UPDATE call_stats_daily SET calls = calls - 1, sale_value_cents = sale_value_cents - coalesce(old.sale_value_cents, 0)
    WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND day = old.call_day AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  DELETE FROM call_stats_daily WHERE calls = 0 AND workspace_id = old.workspace_id AND day = old.call_day AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  UPDATE call_stats_rep_daily SET calls = calls - 1, sale_value_cents = sale_value_cents - coalesce(old.sale_value_cents, 0)
    WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND day = old.call_day AND rep_user_id = coalesce(old.rep_user_id, '') AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  DELETE FROM call_stats_rep_daily WHERE calls = 0 AND workspace_id = old.workspace_id AND day = old.call_day AND rep_user_id = coalesce(old.rep_user_id, '') AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  UPDATE call_stats_total SET calls = calls - 1, sale_value_cents = sale_value_cents - coalesce(old.sale_value_cents, 0)
    WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  DELETE FROM call_stats_total WHERE calls = 0 AND workspace_id = old.workspace_id AND traffic_source = old.traffic_source AND crm_stage = old.crm_stage;
  INSERT INTO call_stats_daily SELECT new.workspace_id, new.call_day, new.traffic_source, new.crm_stage, 1, coalesce(new.sale_value_cents, 0) WHERE new.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET calls = calls + 1, sale_value_cents = sale_value_cents + excluded.sale_value_cents;
  INSERT INTO call_stats_rep_daily SELECT new.workspace_id, new.call_day, coalesce(new.rep_user_id, ''), new.traffic_source, new.crm_stage, 1, coalesce(new.sale_value_cents, 0) WHERE new.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET calls = calls + 1, sale_value_cents = sale_value_cents + excluded.sale_value_cents;
  INSERT INTO call_stats_total SELECT new.workspace_id, new.traffic_source, new.crm_stage, 1, coalesce(new.sale_value_cents, 0) WHERE new.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET calls = calls + 1, sale_value_cents = sale_value_cents + excluded.sale_value_cents;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_stats_ai` AFTER INSERT ON `leads` WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO lead_status_stats VALUES (new.workspace_id, new.status, 1) ON CONFLICT DO UPDATE SET leads = leads + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_stats_ad` AFTER DELETE ON `leads` WHEN old.deleted_at IS NULL BEGIN
  UPDATE lead_status_stats SET leads = leads - 1 WHERE workspace_id = old.workspace_id AND status = old.status;
  DELETE FROM lead_status_stats WHERE leads = 0 AND workspace_id = old.workspace_id AND status = old.status;
END;
--> statement-breakpoint
CREATE TRIGGER `leads_stats_au` AFTER UPDATE OF workspace_id, status, deleted_at ON `leads` BEGIN
  UPDATE lead_status_stats SET leads = leads - 1 WHERE old.deleted_at IS NULL AND workspace_id = old.workspace_id AND status = old.status;
  DELETE FROM lead_status_stats WHERE leads = 0 AND workspace_id = old.workspace_id AND status = old.status;
  INSERT INTO lead_status_stats SELECT new.workspace_id, new.status, 1 WHERE new.deleted_at IS NULL ON CONFLICT DO UPDATE SET leads = leads + 1;
END;
--> statement-breakpoint
-- Rows from before this migration.
INSERT INTO call_stats_daily SELECT workspace_id, call_day, traffic_source, crm_stage, count(*), coalesce(sum(sale_value_cents), 0)
  FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO call_stats_rep_daily SELECT workspace_id, call_day, coalesce(rep_user_id, ''), traffic_source, crm_stage, count(*), coalesce(sum(sale_value_cents), 0)
  FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO call_stats_total SELECT workspace_id, traffic_source, crm_stage, count(*), coalesce(sum(sale_value_cents), 0)
  FROM calls WHERE deleted_at IS NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO lead_status_stats SELECT workspace_id, status, count(*) FROM leads WHERE deleted_at IS NULL GROUP BY 1, 2;
--> statement-breakpoint
-- Seed 002's appointment summary, with the contact, the lead and the webhook it came through.
CREATE VIEW `appointment_summary_view` AS
SELECT a.id AS appointment_id, a.workspace_id, a.appointment_type, a.scheduled_at, a.status, a.assigned_user_id,
  a.lead_id, l.lead_type, l.source, a.contact_id, c.phone AS contact_phone, c.first_name AS contact_first_name,
  c.last_name AS contact_last_name, w.name AS webhook_name, w.lead_type AS webhook_type
FROM appointments a
JOIN contacts c ON c.id = a.contact_id
LEFT JOIN leads l ON l.id = a.lead_id
LEFT JOIN webhook_configs w ON w.workspace_id = l.workspace_id AND w.webhook_key = l.webhook_id
WHERE a.deleted_at IS NULL;
