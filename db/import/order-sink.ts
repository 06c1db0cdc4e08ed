// Where an orders import lands (seed 000: conversions, order_items, products): each row's person is
// found or created by the usual dedup; rows with the same order key are one order (a conversion),
// matched on re-import by the export's source and order number (or id); each row is one line item,
// the k-th row of an order being its k-th item, so a re-import changes only what differs; products
// are matched by the export's product id, else by name, and created when new. The order's value is
// the sum of its items' amounts, or the order total when items carry none. A dry run resolves the
// same way and writes nothing.
import { uuidv7 } from '../../shared/domain/ids';
import { prepared, type AppDb } from '../connection';
import { findOrCreateContact } from '../queries/contacts';
import { conversionEvents, conversions, orderItems, products } from '../schema';
import { insertRow, transaction, updateRow, type Writer } from '../write';
import { ChunkJournal } from './chunk-journal';
import { emptyCounts, type ImportCounts } from './lead-sink';
import type { OrderImportRow } from './order-rows';
import { SeenKeys } from './seen-keys';
import { dryRunContact, dryRunTransaction, lastRecordSeq, newestLeadId } from './sink-shared';

export interface OrderSinkOptions {
  db: AppDb;
  workspaceId: string;
  externalSource: string;
  batchId: string;
  fileName: string;
  /** Null for a dry run. */
  writer: Writer | null;
}

interface StoredItem {
  id: string;
  product_id: string;
  quantity: number;
  amount_cents: number;
}

interface OrderState {
  id: string;
  /** The order existed before this batch (else the batch created it). */
  existed: boolean;
  counted: 'created' | 'updated' | 'unchanged';
  /** Items before this batch, in creation order; the k-th row of the order is compared with the k-th. */
  stored: StoredItem[];
  rows: number;
  itemCents: number | null;
  totalCents: number | null;
  valueCents: number;
}

export class OrderSink {
  readonly counts: ImportCounts = emptyCounts();
  private readonly seen: SeenKeys;
  private readonly orders = new Map<string, OrderState>();
  private readonly productIds = new Map<string, string>();
  private seq: number;
  private w: Writer | null = null;

  constructor(private readonly o: OrderSinkOptions) {
    this.seen = new SeenKeys(o.db);
    this.seq = lastRecordSeq(o.db, o.batchId);
  }

  addChunk(rows: readonly OrderImportRow[], afterWrite?: () => void): void {
    const writer = this.o.writer;
    if (!writer) return dryRunTransaction(this.o.db, () => rows.forEach((row) => this.add(row, dryRunContact(this.seen, this.o.db, this.o.workspaceId, row.person))));
    const journal = new ChunkJournal();
    this.w = { ...writer, journal };
    transaction(this.o.db, () => {
      for (const row of rows) this.add(row, findOrCreateContact(this.w!, this.o.workspaceId, row.person).contact.id);
      this.seq = journal.record(this.o.db, this.o.batchId, this.seq);
      afterWrite?.();
    });
    this.w = null;
  }

  dispose(): void {
    this.seen.dispose();
  }

  private add(row: OrderImportRow, contactId: string): void {
    const key = row.orderKey ?? `k${contactId}\u0001${row.order.convertedAt}\u0001${row.item?.productName ?? ''}`;
    let state = this.orders.get(key);
    if (!state) {
      state = this.openOrder(row, contactId);
      this.orders.set(key, state);
      this.counts[state.counted]++;
    }
    const k = state.rows++;
    if (row.item) this.putItem(state, k, row);
    if (row.order.totalCents !== null && state.totalCents === null) state.totalCents = row.order.totalCents;
  }

  /**
   * After the last row: each order's value from all its rows (an order's rows may span chunks, so
   * a value set earlier would be a partial sum), in one transaction with its record.
   */
  finish(): void {
    const settle = () => {
      for (const state of this.orders.values()) {
        const value = state.itemCents ?? state.totalCents ?? 0;
        if (value === state.valueCents) continue;
        if (state.existed) this.touch(state);
        state.valueCents = value;
        if (this.w) updateRow(this.w, conversions, state.id, { valueCents: value });
      }
    };
    if (!this.o.writer) return settle();
    const journal = new ChunkJournal();
    this.w = { ...this.o.writer, journal };
    transaction(this.o.db, () => {
      settle();
      this.seq = journal.record(this.o.db, this.o.batchId, this.seq);
    });
    this.w = null;
  }

  private externalIdOf(row: OrderImportRow): string | null {
    return row.order.orderNumber ?? row.order.externalId;
  }

  /** The stored order (its order-level fields brought up to date) or a new one. */
  private openOrder(row: OrderImportRow, contactId: string): OrderState {
    const ext = this.externalIdOf(row);
    const hit = (
      ext !== null
        ? prepared(this.o.db, 'SELECT * FROM conversions WHERE workspace_id = ? AND external_source = ? AND external_id = ? AND deleted_at IS NULL LIMIT 1').get(this.o.workspaceId, this.o.externalSource, ext)
        : prepared(this.o.db, 'SELECT * FROM conversions WHERE contact_id = ? AND converted_at = ? AND external_source = ? AND external_id IS NULL AND deleted_at IS NULL LIMIT 1').get(contactId, row.order.convertedAt, this.o.externalSource)
    ) as Record<string, unknown> | undefined;
    if (hit) {
      const stored = prepared(this.o.db, 'SELECT id, product_id, quantity, amount_cents FROM order_items WHERE conversion_id = ? AND deleted_at IS NULL ORDER BY created_at, id').all(hit.id) as StoredItem[];
      const patch: Record<string, unknown> = {};
      const o = row.order;
      if (o.billingStatus !== null && o.billingStatus !== hit.billing_status) patch.billingStatus = o.billingStatus;
      if (o.funnelName !== null && o.funnelName !== hit.funnel_name) patch.funnelName = o.funnelName;
      if (o.orderSource !== null && o.orderSource !== hit.order_source) patch.orderSource = o.orderSource;
      if (o.orderNumber !== null && o.orderNumber !== hit.order_number) patch.orderNumber = o.orderNumber;
      const changed = Object.keys(patch).length > 0;
      if (changed && this.w) updateRow(this.w, conversions, String(hit.id), patch);
      return { id: String(hit.id), existed: true, counted: changed ? 'updated' : 'unchanged', stored, rows: 0, itemCents: null, totalCents: null, valueCents: Number(hit.value_cents) };
    }
    const id = this.w ? this.createOrder(this.w, row, contactId) : uuidv7();
    return { id, existed: false, counted: 'created', stored: [], rows: 0, itemCents: null, totalCents: null, valueCents: 0 };
  }

  private createOrder(w: Writer, row: OrderImportRow, contactId: string): string {
    const leadId = newestLeadId(this.o.db, contactId);
    const o = row.order;
    const conversion = insertRow(w, conversions, {
      workspaceId: this.o.workspaceId,
      contactId,
      leadId,
      convertedBy: w.actorUserId,
      convertedAt: o.convertedAt,
      conversionType: 'order',
      valueCents: 0,
      currency: o.currency,
      orderNumber: o.orderNumber,
      billingStatus: o.billingStatus,
      orderSource: o.orderSource ?? this.o.externalSource,
      funnelName: o.funnelName,
      externalSource: this.o.externalSource,
      externalId: this.externalIdOf(row),
    });
    insertRow(w, conversionEvents, { workspaceId: this.o.workspaceId, conversionId: conversion.id, eventType: 'created', eventData: JSON.stringify({ note: `imported from ${this.o.fileName}`, importBatchId: this.o.batchId }), createdBy: w.actorUserId });
    return conversion.id;
  }

  /** The k-th row of the order as its k-th item: created, or the stored one brought up to date. */
  private putItem(state: OrderState, k: number, row: OrderImportRow): void {
    const item = row.item!;
    const productId = this.product(row);
    const amount = item.amountCents ?? 0;
    if (item.amountCents !== null) state.itemCents = (state.itemCents ?? 0) + item.amountCents;
    const stored = state.stored[k];
    if (!stored) {
      if (state.existed) this.touch(state);
      if (this.w) insertRow(this.w, orderItems, { workspaceId: this.o.workspaceId, conversionId: state.id, productId, quantity: item.quantity, amountCents: amount, currency: row.order.currency });
      return;
    }
    if (stored.product_id === productId && stored.quantity === item.quantity && stored.amount_cents === amount) return;
    this.touch(state);
    if (this.w) updateRow(this.w, orderItems, stored.id, { productId, quantity: item.quantity, amountCents: amount });
  }

  private touch(state: OrderState): void {
    if (state.counted !== 'unchanged') return;
    this.counts.unchanged--;
    this.counts.updated++;
    state.counted = 'updated';
  }

  /** The product by the export's own id, else by name (case-insensitive); created when new. */
  private product(row: OrderImportRow): string {
    const item = row.item!;
    const idColumn = this.o.externalSource === 'clickfunnels' ? 'clickfunnels_product_id' : this.o.externalSource === 'keap' ? 'keap_product_id' : null;
    const cacheKey = idColumn && item.productId ? `id:${item.productId}` : `name:${item.productName.toLowerCase()}`;
    const cached = this.productIds.get(cacheKey);
    if (cached) return cached;
    const hit = (
      idColumn && item.productId
        ? prepared(this.o.db, `SELECT id FROM products WHERE workspace_id = ? AND ${idColumn} = ? AND deleted_at IS NULL`).get(this.o.workspaceId, item.productId)
        : prepared(this.o.db, 'SELECT id FROM products WHERE workspace_id = ? AND lower(product_name) = lower(?) AND deleted_at IS NULL ORDER BY created_at LIMIT 1').get(this.o.workspaceId, item.productName)
    ) as { id: string } | undefined;
    let id = hit?.id;
    if (!id) {
      const unit = item.amountCents !== null && item.amountCents % item.quantity === 0 ? item.amountCents / item.quantity : null;
      id = this.w
        ? insertRow(this.w, products, {
            workspaceId: this.o.workspaceId,
            productName: item.productName,
            productType: item.productType,
            ...(idColumn === 'clickfunnels_product_id' && item.productId ? { clickfunnelsProductId: item.productId } : {}),
            ...(idColumn === 'keap_product_id' && item.productId ? { keapProductId: item.productId } : {}),
            priceCents: unit,
            currency: row.order.currency,
          }).id
        : uuidv7();
    }
    this.productIds.set(cacheKey, id);
    return id;
  }
}
