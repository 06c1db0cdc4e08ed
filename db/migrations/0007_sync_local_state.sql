CREATE TABLE `parked_changes` (
	`seq` integer PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`workspace_id` text,
	`op` text NOT NULL,
	`changes` text NOT NULL,
	`hlc` text NOT NULL,
	`created_at` text NOT NULL,
	`reason` text NOT NULL,
	`parked_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `parked_row_idx` ON `parked_changes` (`table_name`,`row_id`);--> statement-breakpoint
CREATE TABLE `synced_workspaces` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`first_synced_at` text NOT NULL
);
