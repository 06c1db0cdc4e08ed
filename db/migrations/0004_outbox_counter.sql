-- The pending-changes count the shell shows after every change. count(*) over the outbox grows
-- with it (a million queued rows after an offline week or an import); a one-row counter kept by
-- triggers answers in constant time.
CREATE TABLE `outbox_counter` (`id` integer PRIMARY KEY CHECK (`id` = 1), `pending` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `outbox_counter` (id, pending) SELECT 1, count(*) FROM outbox;
--> statement-breakpoint
CREATE TRIGGER `outbox_counter_ai` AFTER INSERT ON `outbox` BEGIN
  UPDATE outbox_counter SET pending = pending + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `outbox_counter_ad` AFTER DELETE ON `outbox` BEGIN
  UPDATE outbox_counter SET pending = pending - 1 WHERE id = 1;
END;
