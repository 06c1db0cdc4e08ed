CREATE INDEX `calls_needs_day_idx` ON `calls` (`id`) WHERE "calls"."call_day" = '';--> statement-breakpoint
CREATE INDEX `calls_needs_legacy_idx` ON `calls` (`id`) WHERE "calls"."legacy_mapped_at" IS NULL AND "calls"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `conversions_call_idx` ON `conversions` (`call_id`);