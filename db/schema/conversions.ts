import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { calls } from './calls';
import { idColumn, timestamps } from './common';
import { contacts } from './contacts';
import { leads } from './leads';
import { workspaces } from './workspaces';

// A conversion is a sale (or another conversion type, seed 002); with line items it is also the
// order of seed 000 (orders + order_items + products), so both schemas meet in one table.
export const conversions = sqliteTable(
  'conversions',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    leadId: text('lead_id').references(() => leads.id),
    callId: text('call_id').references(() => calls.id),
    convertedBy: text('converted_by'),
    convertedAt: text('converted_at').notNull(),
    conversionType: text('conversion_type').notNull().default('sale'),
    valueCents: integer('value_cents').notNull().default(0),
    currency: text('currency').notNull().default('USD'),
    orderNumber: text('order_number'),
    billingStatus: text('billing_status'),
    orderSource: text('order_source'),
    funnelName: text('funnel_name'),
    externalSource: text('external_source'),
    externalId: text('external_id'),
    customData: text('custom_data'),
    ...timestamps,
  },
  (t) => [
    check('conversions_value_ck', sql`${t.valueCents} >= 0`),
    index('conversions_ws_converted_idx').on(t.workspaceId, t.convertedAt),
    index('conversions_contact_idx').on(t.contactId, t.convertedAt),
    index('conversions_lead_idx').on(t.leadId),
    index('conversions_call_idx').on(t.callId),
    index('conversions_ws_external_idx').on(t.workspaceId, t.externalSource, t.externalId),
  ],
);

export const conversionEvents = sqliteTable(
  'conversion_events',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    conversionId: text('conversion_id').notNull().references(() => conversions.id),
    eventType: text('event_type').notNull(),
    eventData: text('event_data').notNull().default('{}'),
    createdBy: text('created_by'),
    ...timestamps,
  },
  (t) => [index('conversion_events_conv_idx').on(t.conversionId, t.createdAt)],
);

export const products = sqliteTable(
  'products',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    productName: text('product_name').notNull(),
    productType: text('product_type'),
    clickfunnelsProductId: text('clickfunnels_product_id'),
    keapProductId: text('keap_product_id'),
    description: text('description').notNull().default(''),
    priceCents: integer('price_cents'),
    currency: text('currency').notNull().default('USD'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('products_ws_cf_uq').on(t.workspaceId, t.clickfunnelsProductId),
    uniqueIndex('products_ws_keap_uq').on(t.workspaceId, t.keapProductId),
    index('products_ws_name_idx').on(t.workspaceId, t.productName),
  ],
);

export const orderItems = sqliteTable(
  'order_items',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    conversionId: text('conversion_id').notNull().references(() => conversions.id),
    productId: text('product_id').notNull().references(() => products.id),
    quantity: integer('quantity').notNull().default(1),
    amountCents: integer('amount_cents').notNull().default(0),
    currency: text('currency').notNull().default('USD'),
    ...timestamps,
  },
  (t) => [
    check('order_items_quantity_ck', sql`${t.quantity} > 0`),
    index('order_items_conversion_idx').on(t.conversionId),
    index('order_items_product_idx').on(t.productId),
  ],
);

export const ANALYTICS_EVENT_TYPES = ['lead', 'purchase', 'action', 'message', 'analytics'] as const;

export const analyticsEvents = sqliteTable(
  'analytics_events',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    name: text('name'),
    value: text('value'),
    type: text('type', { enum: ANALYTICS_EVENT_TYPES }).notNull(),
    occurredAt: text('occurred_at').notNull(),
    comment: text('comment'),
    ...timestamps,
  },
  (t) => [
    check('analytics_events_type_ck', sql`${t.type} IN ('lead','purchase','action','message','analytics')`),
    index('analytics_events_contact_idx').on(t.contactId, t.occurredAt),
  ],
);
