// A CSV record of an orders import (Eventbrite, ClickFunnels, Humanitix…): the person, the order
// it belongs to (rows with the same order number, else the same external id, are one order) and
// its line item with the product.
import { orderGroupKey } from '../../shared/domain/import-fields';
import type { NormalizedPerson } from '../queries/contacts';
import type { LeadRowContext } from './lead-rows';
import type { RowProblem } from './row-values';
import { readPerson } from './sink-shared';

export interface OrderImportRow {
  row: number;
  person: NormalizedPerson;
  /** The order's key in the file; null when the row is an order of its own without any id. */
  orderKey: string | null;
  order: {
    orderNumber: string | null;
    externalId: string | null;
    convertedAt: string;
    totalCents: number | null;
    currency: string;
    billingStatus: string | null;
    orderSource: string | null;
    funnelName: string | null;
  };
  item: { productName: string; productId: string | null; productType: string | null; quantity: number; amountCents: number | null } | null;
}

export function readOrderRow(record: readonly string[], row: number, ctx: LeadRowContext, problems: RowProblem[]): OrderImportRow | null {
  const { reader } = ctx;
  const before = problems.length;
  const text = (key: Parameters<typeof reader.text>[1]) => reader.text(record, key);
  const person = readPerson(record, row, reader, ctx.defaultCountry, problems);
  const convertedAt = reader.date(record, 'converted_at', row, problems);
  if (convertedAt === null && problems.length === before) problems.push({ row, column: null, value: null, reason: 'the order has no date (map the order date column, or fix the row)' });
  const total = reader.money(record, 'total', row, problems);
  const amount = reader.money(record, 'item_amount', row, problems);
  const quantity = reader.integer(record, 'quantity', row, problems, { min: 1, max: 1_000_000 });
  for (const m of [total, amount]) {
    if (m?.cents !== null && m?.cents !== undefined && m.cents < 0) problems.push({ row, column: null, value: null, reason: 'amounts must not be negative (a refund is a billing status, not a negative order)' });
  }
  if (problems.length > before) return null;
  const orderNumber = text('order_number') || null;
  const externalId = text('external_id') || null;
  const productName = text('product_name') || text('ticket_type');
  const currency = (text('currency') || total?.currency || amount?.currency || 'USD').toUpperCase();
  return {
    row,
    person,
    orderKey: orderGroupKey(orderNumber, externalId),
    order: { orderNumber, externalId, convertedAt: convertedAt!, totalCents: total?.cents ?? null, currency, billingStatus: text('billing_status') || null, orderSource: text('order_source') || null, funnelName: text('funnel_name') || null },
    item: productName ? { productName, productId: text('product_id') || null, productType: text('product_type') || null, quantity: quantity ?? 1, amountCents: amount?.cents ?? null } : null,
  };
}
