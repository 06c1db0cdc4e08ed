CREATE TABLE `merge_orphans` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	PRIMARY KEY(`table_name`, `row_id`)
);--> statement-breakpoint
-- Rows pointing at a contact merged away, queued whoever writes them (the app, sync's pull, an
-- import): a laptop offline during a merge adds a call to the absorbed contact, or a pull brings
-- the merge after such rows were written here. db/queries/contact-merge.ts moves them to the
-- survivor after a sync. The absorbed contact's own "merged_into" entry stays where it is.
-- (No INSERT OR IGNORE inside a trigger: see 0011.)
CREATE TRIGGER `leads_merge_orphan_ai` AFTER INSERT ON `leads` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'leads', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'leads' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `leads_merge_orphan_au` AFTER UPDATE OF contact_id, deleted_at ON `leads` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'leads', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'leads' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `calls_merge_orphan_ai` AFTER INSERT ON `calls` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'calls', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'calls' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `calls_merge_orphan_au` AFTER UPDATE OF contact_id, deleted_at ON `calls` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'calls', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'calls' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `appointments_merge_orphan_ai` AFTER INSERT ON `appointments` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'appointments', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'appointments' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `appointments_merge_orphan_au` AFTER UPDATE OF contact_id, deleted_at ON `appointments` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'appointments', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'appointments' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `conversions_merge_orphan_ai` AFTER INSERT ON `conversions` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'conversions', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'conversions' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `conversions_merge_orphan_au` AFTER UPDATE OF contact_id, deleted_at ON `conversions` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'conversions', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'conversions' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_events_merge_orphan_ai` AFTER INSERT ON `analytics_events` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'analytics_events', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'analytics_events' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `analytics_events_merge_orphan_au` AFTER UPDATE OF contact_id, deleted_at ON `analytics_events` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'analytics_events', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'analytics_events' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_events_merge_orphan_ai` AFTER INSERT ON `contact_events` WHEN new.deleted_at IS NULL AND new.event_type <> 'merged_into' AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'contact_events', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'contact_events' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_events_merge_orphan_au` AFTER UPDATE OF contact_id, deleted_at ON `contact_events` WHEN new.deleted_at IS NULL AND new.event_type <> 'merged_into' AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'contact_events', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'contact_events' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `workspace_tracking_merge_orphan_ai` AFTER INSERT ON `workspace_tracking` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'workspace_tracking', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'workspace_tracking' AND row_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `workspace_tracking_merge_orphan_au` AFTER UPDATE OF contact_id, deleted_at ON `workspace_tracking` WHEN new.deleted_at IS NULL AND EXISTS (SELECT 1 FROM `contacts` c WHERE c.id = new.contact_id AND c.merged_into_id IS NOT NULL AND c.deleted_at IS NOT NULL) BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'workspace_tracking', new.id WHERE NOT EXISTS (SELECT 1 FROM `merge_orphans` WHERE table_name = 'workspace_tracking' AND row_id = new.id);
END;
--> statement-breakpoint
-- A merge arriving (pulled) after rows of the absorbed contact were written here: they are queued too.
-- A merge made here has moved every live row before it tombstones the contact, so this finds none.
CREATE TRIGGER `contacts_merge_orphan_au` AFTER UPDATE OF merged_into_id, deleted_at ON `contacts` WHEN new.merged_into_id IS NOT NULL AND new.deleted_at IS NOT NULL BEGIN
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'leads', x.id FROM `leads` x WHERE x.contact_id = new.id AND x.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM `merge_orphans` o WHERE o.table_name = 'leads' AND o.row_id = x.id);
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'calls', x.id FROM `calls` x WHERE x.contact_id = new.id AND x.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM `merge_orphans` o WHERE o.table_name = 'calls' AND o.row_id = x.id);
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'appointments', x.id FROM `appointments` x WHERE x.contact_id = new.id AND x.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM `merge_orphans` o WHERE o.table_name = 'appointments' AND o.row_id = x.id);
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'conversions', x.id FROM `conversions` x WHERE x.contact_id = new.id AND x.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM `merge_orphans` o WHERE o.table_name = 'conversions' AND o.row_id = x.id);
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'analytics_events', x.id FROM `analytics_events` x WHERE x.contact_id = new.id AND x.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM `merge_orphans` o WHERE o.table_name = 'analytics_events' AND o.row_id = x.id);
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'contact_events', x.id FROM `contact_events` x WHERE x.contact_id = new.id AND x.deleted_at IS NULL AND x.event_type <> 'merged_into' AND NOT EXISTS (SELECT 1 FROM `merge_orphans` o WHERE o.table_name = 'contact_events' AND o.row_id = x.id);
  INSERT INTO `merge_orphans` (table_name, row_id) SELECT 'workspace_tracking', x.id FROM `workspace_tracking` x WHERE x.contact_id = new.id AND x.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM `merge_orphans` o WHERE o.table_name = 'workspace_tracking' AND o.row_id = x.id);
END;
