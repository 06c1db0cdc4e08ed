CREATE TABLE `import_batch_rows` (
	`batch_id` text NOT NULL,
	`seq` integer NOT NULL,
	`table_name` text NOT NULL,
	`action` text NOT NULL,
	`rows` text NOT NULL,
	PRIMARY KEY(`batch_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `import_jobs` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`path` text NOT NULL,
	`file_size` integer NOT NULL,
	`encoding` text NOT NULL,
	`delimiter` text NOT NULL,
	`plan` text NOT NULL,
	`dry_run` text,
	`rows_done` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `import_presets` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`label` text NOT NULL,
	`preset` text NOT NULL,
	`created_at` text NOT NULL
);
