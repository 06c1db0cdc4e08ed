CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	`login_role` text,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `workspace_memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "memberships_role_ck" CHECK("workspace_memberships"."role" IN ('sdr','manager','admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_ws_user_uq` ON `workspace_memberships` (`workspace_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `memberships_user_idx` ON `workspace_memberships` (`user_id`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`api_key` text,
	`permissions` text,
	`is_active` integer DEFAULT true NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`default_country` text DEFAULT 'US' NOT NULL,
	`timezone` text DEFAULT 'America/New_York' NOT NULL,
	`last_activity_at` text,
	`metadata` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_code` text NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`email_valid` integer DEFAULT false NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`phone_raw` text DEFAULT '' NOT NULL,
	`phone_status` text DEFAULT 'empty' NOT NULL,
	`phone_issue` text,
	`address` text DEFAULT '' NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`state` text DEFAULT '' NOT NULL,
	`zip_code` text DEFAULT '' NOT NULL,
	`webhook_id` text,
	`calendar_status` text,
	`clickfunnels_id` text,
	`keap_id` text,
	`manychat_id` text,
	`hubspot_id` text,
	`owner_user_id` text,
	`merged_into_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "contacts_code_ck" CHECK("contacts"."contact_code" GLOB '[1-9][0-9][0-9][0-9][0-9][0-9]'),
	CONSTRAINT "contacts_phone_status_ck" CHECK("contacts"."phone_status" IN ('valid','invalid','ambiguous','empty'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_ws_code_uq` ON `contacts` (`workspace_id`,`contact_code`);--> statement-breakpoint
CREATE INDEX `contacts_ws_phone_idx` ON `contacts` (`workspace_id`,`phone`) WHERE "contacts"."phone_status" = 'valid' AND "contacts"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_ws_email_idx` ON `contacts` (`workspace_id`,`email`) WHERE "contacts"."email" <> '' AND "contacts"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_ws_name_idx` ON `contacts` (`workspace_id`,`last_name`,`first_name`,`id`);--> statement-breakpoint
CREATE TABLE `lead_events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`event_type` text NOT NULL,
	`event_data` text DEFAULT '{}' NOT NULL,
	`actor_user_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lead_events_lead_idx` ON `lead_events` (`lead_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`webhook_id` text,
	`lead_type` text DEFAULT '' NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`phone_status` text DEFAULT 'empty' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`state` text DEFAULT '' NOT NULL,
	`zip_code` text DEFAULT '' NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`campaign_id` text DEFAULT '' NOT NULL,
	`utm_source` text DEFAULT '' NOT NULL,
	`utm_medium` text DEFAULT '' NOT NULL,
	`utm_campaign` text DEFAULT '' NOT NULL,
	`utm_content` text DEFAULT '' NOT NULL,
	`utm_term` text DEFAULT '' NOT NULL,
	`fbclid` text DEFAULT '' NOT NULL,
	`gclid` text DEFAULT '' NOT NULL,
	`monthly_electric_bill_cents` integer,
	`property_type` text,
	`roof_condition` text,
	`roof_age` integer,
	`shade_coverage` text,
	`system_type` text,
	`system_age` integer,
	`service_type` text,
	`urgency` text,
	`property_size` integer,
	`policy_type` text,
	`coverage_amount_cents` integer,
	`current_premium_cents` integer,
	`property_value_cents` integer,
	`claims_history` text,
	`raw_payload` text,
	`ip_address` text,
	`user_agent` text,
	`processed_at` text,
	`status` text DEFAULT 'new' NOT NULL,
	`status_reason` text,
	`notes` text DEFAULT '' NOT NULL,
	`owner_user_id` text,
	`conversion_score` real,
	`revenue_potential_cents` integer,
	`external_source` text,
	`external_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `leads_ws_created_idx` ON `leads` (`workspace_id`,`created_at`,`id`) WHERE "leads"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `leads_ws_updated_idx` ON `leads` (`workspace_id`,`updated_at`,`id`) WHERE "leads"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `leads_ws_last_name_idx` ON `leads` (`workspace_id`,`last_name`,`id`) WHERE "leads"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `leads_ws_email_idx` ON `leads` (`workspace_id`,`email`,`id`) WHERE "leads"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `leads_ws_status_created_idx` ON `leads` (`workspace_id`,`status`,`created_at`,`id`) WHERE "leads"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `leads_contact_idx` ON `leads` (`contact_id`);--> statement-breakpoint
CREATE INDEX `leads_ws_external_idx` ON `leads` (`workspace_id`,`external_source`,`external_id`);--> statement-breakpoint
CREATE TABLE `call_events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`call_id` text NOT NULL,
	`event_type` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`reason` text,
	`actor_user_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `call_events_call_idx` ON `call_events` (`call_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `calls` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`lead_id` text,
	`rep_user_id` text,
	`call_type` text DEFAULT 'sales' NOT NULL,
	`scheduled_at` text,
	`started_at` text,
	`duration_seconds` integer,
	`status` text,
	`outcome` text,
	`source_of_set_appointment` text,
	`lead_source` text,
	`utm_source` text,
	`utm_medium` text,
	`utm_campaign` text,
	`fbclid` text,
	`traffic_source` text DEFAULT 'organic' NOT NULL,
	`traffic_source_reason` text,
	`traffic_source_overridden` integer DEFAULT false NOT NULL,
	`crm_stage` text DEFAULT 'scheduled' NOT NULL,
	`sale_value_cents` integer,
	`currency` text DEFAULT 'USD' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`external_source` text,
	`external_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rep_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "calls_crm_stage_ck" CHECK("calls"."crm_stage" IN ('scheduled','in_progress','completed','no_show','closed_won','lost')),
	CONSTRAINT "calls_duration_ck" CHECK("calls"."duration_seconds" IS NULL OR "calls"."duration_seconds" >= 0)
);
--> statement-breakpoint
CREATE INDEX `calls_ws_created_idx` ON `calls` (`workspace_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `calls_ws_stage_idx` ON `calls` (`workspace_id`,`crm_stage`);--> statement-breakpoint
CREATE INDEX `calls_ws_source_stage_idx` ON `calls` (`workspace_id`,`traffic_source`,`crm_stage`);--> statement-breakpoint
CREATE INDEX `calls_lead_idx` ON `calls` (`lead_id`);--> statement-breakpoint
CREATE INDEX `calls_contact_idx` ON `calls` (`contact_id`);--> statement-breakpoint
CREATE INDEX `calls_rep_idx` ON `calls` (`rep_user_id`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `appointment_events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`appointment_id` text NOT NULL,
	`event_type` text NOT NULL,
	`event_description` text,
	`old_value` text,
	`new_value` text,
	`performed_by` text,
	`metadata` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointment_events_appt_idx` ON `appointment_events` (`appointment_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `appointment_routing_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`product_types` text DEFAULT '[]' NOT NULL,
	`zip_codes` text DEFAULT '[]' NOT NULL,
	`priority` integer DEFAULT 100 NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`target_team` text,
	`created_by` text,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `routing_rules_ws_priority_idx` ON `appointment_routing_rules` (`workspace_id`,`priority`);--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`lead_id` text,
	`contact_id` text NOT NULL,
	`appointment_type` text DEFAULT 'consultation' NOT NULL,
	`scheduled_at` text NOT NULL,
	`duration_minutes` integer DEFAULT 60 NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`location_type` text,
	`location_address` text,
	`notes` text DEFAULT '' NOT NULL,
	`customer_notes` text DEFAULT '' NOT NULL,
	`assigned_user_id` text,
	`outcome` text,
	`next_action` text,
	`next_action_date` text,
	`created_by` text,
	`routing_rule_id` text,
	`routing_explanation` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointments_ws_scheduled_idx` ON `appointments` (`workspace_id`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `appointments_assigned_idx` ON `appointments` (`assigned_user_id`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `appointments_lead_idx` ON `appointments` (`lead_id`);--> statement-breakpoint
CREATE INDEX `appointments_contact_idx` ON `appointments` (`contact_id`);--> statement-breakpoint
CREATE TABLE `analytics_events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`name` text,
	`value` text,
	`type` text NOT NULL,
	`occurred_at` text NOT NULL,
	`comment` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "analytics_events_type_ck" CHECK("analytics_events"."type" IN ('lead','purchase','action','message','analytics'))
);
--> statement-breakpoint
CREATE INDEX `analytics_events_contact_idx` ON `analytics_events` (`contact_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `conversion_events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`conversion_id` text NOT NULL,
	`event_type` text NOT NULL,
	`event_data` text DEFAULT '{}' NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`conversion_id`) REFERENCES `conversions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conversion_events_conv_idx` ON `conversion_events` (`conversion_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `conversions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`lead_id` text,
	`call_id` text,
	`converted_by` text,
	`converted_at` text NOT NULL,
	`conversion_type` text DEFAULT 'sale' NOT NULL,
	`value_cents` integer DEFAULT 0 NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`order_number` text,
	`billing_status` text,
	`order_source` text,
	`funnel_name` text,
	`external_source` text,
	`external_id` text,
	`custom_data` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "conversions_value_ck" CHECK("conversions"."value_cents" >= 0)
);
--> statement-breakpoint
CREATE INDEX `conversions_ws_converted_idx` ON `conversions` (`workspace_id`,`converted_at`);--> statement-breakpoint
CREATE INDEX `conversions_contact_idx` ON `conversions` (`contact_id`,`converted_at`);--> statement-breakpoint
CREATE INDEX `conversions_lead_idx` ON `conversions` (`lead_id`);--> statement-breakpoint
CREATE INDEX `conversions_ws_external_idx` ON `conversions` (`workspace_id`,`external_source`,`external_id`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`conversion_id` text NOT NULL,
	`product_id` text NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	`amount_cents` integer DEFAULT 0 NOT NULL,
	`currency` text DEFAULT 'USD' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`conversion_id`) REFERENCES `conversions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "order_items_quantity_ck" CHECK("order_items"."quantity" > 0)
);
--> statement-breakpoint
CREATE INDEX `order_items_conversion_idx` ON `order_items` (`conversion_id`);--> statement-breakpoint
CREATE INDEX `order_items_product_idx` ON `order_items` (`product_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`product_name` text NOT NULL,
	`product_type` text,
	`clickfunnels_product_id` text,
	`keap_product_id` text,
	`description` text DEFAULT '' NOT NULL,
	`price_cents` integer,
	`currency` text DEFAULT 'USD' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_ws_cf_uq` ON `products` (`workspace_id`,`clickfunnels_product_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `products_ws_keap_uq` ON `products` (`workspace_id`,`keap_product_id`);--> statement-breakpoint
CREATE INDEX `products_ws_name_idx` ON `products` (`workspace_id`,`product_name`);--> statement-breakpoint
CREATE TABLE `lead_source_providers` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`provider_key` text NOT NULL,
	`provider_name` text NOT NULL,
	`company_name` text,
	`contact_email` text,
	`api_key` text,
	`is_active` integer DEFAULT true NOT NULL,
	`allowed_webhooks` text DEFAULT '[]' NOT NULL,
	`rate_limit` integer,
	`notes` text DEFAULT '' NOT NULL,
	`last_used_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `providers_ws_key_uq` ON `lead_source_providers` (`workspace_id`,`provider_key`);--> statement-breakpoint
CREATE TABLE `provider_usage_log` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`webhook_id` text,
	`request_count` integer DEFAULT 0 NOT NULL,
	`date` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `lead_source_providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `provider_usage_provider_date_idx` ON `provider_usage_log` (`provider_id`,`date`);--> statement-breakpoint
CREATE TABLE `webhook_configs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`webhook_key` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`lead_type` text,
	`is_active` integer DEFAULT true NOT NULL,
	`secret_key` text,
	`rate_limit` integer,
	`rate_window` integer,
	`total_leads` integer DEFAULT 0 NOT NULL,
	`last_lead_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_configs_ws_key_uq` ON `webhook_configs` (`workspace_id`,`webhook_key`);--> statement-breakpoint
CREATE TABLE `workspace_tracking` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text,
	`lead_id` text,
	`action` text NOT NULL,
	`action_details` text,
	`performed_by` text,
	`metadata` text,
	`timestamp` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `workspace_tracking_ws_ts_idx` ON `workspace_tracking` (`workspace_id`,`timestamp`);--> statement-breakpoint
CREATE TABLE `import_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`file_name` text NOT NULL,
	`file_hash` text NOT NULL,
	`import_type` text NOT NULL,
	`preset` text,
	`status` text NOT NULL,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`created_count` integer DEFAULT 0 NOT NULL,
	`updated_count` integer DEFAULT 0 NOT NULL,
	`duplicate_count` integer DEFAULT 0 NOT NULL,
	`invalid_count` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`started_at` text,
	`finished_at` text,
	`undone_at` text,
	`error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_batches_ws_created_idx` ON `import_batches` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `import_errors` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`column` text,
	`value` text,
	`reason` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `import_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_errors_batch_idx` ON `import_errors` (`batch_id`,`row_number`);--> statement-breakpoint
CREATE TABLE `local_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`workspace_id` text,
	`op` text NOT NULL,
	`changes` text NOT NULL,
	`hlc` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_row_idx` ON `outbox` (`table_name`,`row_id`);