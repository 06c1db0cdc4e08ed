-- RFM queue (Step 5): every change to a contact's conversions puts the contact in rfm_pending,
-- whoever writes it (the app, sync's pull, an import, a merge re-pointing conversions), and
-- db/queries/rfm.ts re-scores the queue set-based. An update that moves a conversion queues both
-- contacts. The WHEN clauses skip updates that leave every scored column as it was (sync's upsert
-- names all columns). No INSERT OR IGNORE here: inside a trigger the outer statement's conflict
-- algorithm wins, so sync's upsert would turn the IGNORE into an ABORT (see 0008).
CREATE TRIGGER `conversions_rfm_ai` AFTER INSERT ON `conversions` BEGIN
  INSERT INTO `rfm_pending` (contact_id) SELECT new.contact_id WHERE NOT EXISTS (SELECT 1 FROM `rfm_pending` WHERE contact_id = new.contact_id);
END;
--> statement-breakpoint
CREATE TRIGGER `conversions_rfm_au` AFTER UPDATE OF contact_id, workspace_id, value_cents, converted_at, deleted_at, conversion_type, billing_status ON `conversions`
WHEN new.contact_id IS NOT old.contact_id OR new.workspace_id IS NOT old.workspace_id OR new.value_cents IS NOT old.value_cents
  OR new.converted_at IS NOT old.converted_at OR new.deleted_at IS NOT old.deleted_at OR new.conversion_type IS NOT old.conversion_type
  OR new.billing_status IS NOT old.billing_status
BEGIN
  INSERT INTO `rfm_pending` (contact_id) SELECT new.contact_id WHERE NOT EXISTS (SELECT 1 FROM `rfm_pending` WHERE contact_id = new.contact_id);
  INSERT INTO `rfm_pending` (contact_id) SELECT old.contact_id WHERE old.contact_id IS NOT new.contact_id AND NOT EXISTS (SELECT 1 FROM `rfm_pending` WHERE contact_id = old.contact_id);
END;
--> statement-breakpoint
CREATE TRIGGER `conversions_rfm_ad` AFTER DELETE ON `conversions` BEGIN
  INSERT INTO `rfm_pending` (contact_id) SELECT old.contact_id WHERE NOT EXISTS (SELECT 1 FROM `rfm_pending` WHERE contact_id = old.contact_id);
END;
--> statement-breakpoint
-- A deleted (or merged-away) contact keeps no score and leaves the segment counts; restored, it is scored again.
CREATE TRIGGER `contacts_rfm_au` AFTER UPDATE OF deleted_at ON `contacts` WHEN new.deleted_at IS NOT old.deleted_at BEGIN
  INSERT INTO `rfm_pending` (contact_id) SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM `rfm_pending` WHERE contact_id = new.id);
END;
