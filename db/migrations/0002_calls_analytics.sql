CREATE TABLE `workspace_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`traffic_sources` text,
	`traffic_rules` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspace_settings_workspace_id_unique` ON `workspace_settings` (`workspace_id`);--> statement-breakpoint
ALTER TABLE `calls` ADD `traffic_source_confidence` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `call_day` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `calls` ADD `legacy_mapped_at` text;--> statement-breakpoint
CREATE INDEX `calls_ws_day_idx` ON `calls` (`workspace_id`,`call_day`) WHERE "calls"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `calls_ws_scheduled_idx` ON `calls` (`workspace_id`,`scheduled_at`,`id`) WHERE "calls"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `calls_ws_stage_scheduled_idx` ON `calls` (`workspace_id`,`crm_stage`,`scheduled_at`,`id`) WHERE "calls"."deleted_at" IS NULL;