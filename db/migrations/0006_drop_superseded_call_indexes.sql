DROP INDEX `calls_ws_stage_idx`;--> statement-breakpoint
DROP INDEX `calls_ws_source_stage_idx`;