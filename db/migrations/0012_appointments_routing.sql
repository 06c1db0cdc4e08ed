CREATE TABLE `routing_reps` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`user_id` text NOT NULL,
	`team` text,
	`weight` integer DEFAULT 1 NOT NULL,
	`daily_cap` integer,
	`working_days` text,
	`work_start` text,
	`work_end` text,
	`time_zone` text DEFAULT 'America/New_York' NOT NULL,
	`in_rotation` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "routing_reps_weight_ck" CHECK("routing_reps"."weight" >= 0 AND "routing_reps"."weight" <= 100),
	CONSTRAINT "routing_reps_cap_ck" CHECK("routing_reps"."daily_cap" IS NULL OR "routing_reps"."daily_cap" >= 0)
);
--> statement-breakpoint
CREATE INDEX `routing_reps_ws_idx` ON `routing_reps` (`workspace_id`,`user_id`);--> statement-breakpoint
ALTER TABLE `workspace_settings` ADD `routing_fallback_user_id` text;--> statement-breakpoint
ALTER TABLE `appointments` ADD `routing_status` text;--> statement-breakpoint
CREATE INDEX `appointments_ws_created_idx` ON `appointments` (`workspace_id`,`created_at`);