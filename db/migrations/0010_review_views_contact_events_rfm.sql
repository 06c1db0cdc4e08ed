CREATE TABLE `contact_events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`event_type` text NOT NULL,
	`event_data` text DEFAULT '{}' NOT NULL,
	`actor_user_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_events_contact_idx` ON `contact_events` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `saved_views` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`owner_user_id` text NOT NULL,
	`screen` text NOT NULL,
	`name` text NOT NULL,
	`visibility` text DEFAULT 'personal' NOT NULL,
	`definition` text DEFAULT '{}' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "saved_views_screen_ck" CHECK("saved_views"."screen" IN ('leads','contacts','calls')),
	CONSTRAINT "saved_views_visibility_ck" CHECK("saved_views"."visibility" IN ('personal','workspace'))
);
--> statement-breakpoint
CREATE INDEX `saved_views_ws_screen_idx` ON `saved_views` (`workspace_id`,`screen`,`position`);--> statement-breakpoint
CREATE TABLE `contact_rfm` (
	`contact_id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`last_conversion_at` text NOT NULL,
	`conversions` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`r` integer NOT NULL,
	`f` integer NOT NULL,
	`m` integer NOT NULL,
	`score` integer NOT NULL,
	`segment` text NOT NULL,
	`recency_drops_on` text,
	`computed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_rfm_ws_segment_idx` ON `contact_rfm` (`workspace_id`,`segment`,`score`);--> statement-breakpoint
CREATE INDEX `contact_rfm_ws_drops_idx` ON `contact_rfm` (`workspace_id`,`recency_drops_on`);--> statement-breakpoint
CREATE TABLE `rfm_pending` (
	`contact_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE `workspace_settings` ADD `rfm_thresholds` text;