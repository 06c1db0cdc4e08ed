import { z } from 'zod';
import { RfmThresholdsSchema, SegmentThresholdsSchema, type RfmThresholds, type Segment, type SegmentThresholds } from '../domain/rfm';
import { method } from './contract';
import { Id } from './common';

export interface RfmSettingsView {
  workspaceId: string;
  rfm: RfmThresholds;
  segments: SegmentThresholds;
  /** Seed 001's thresholds, for "reset to defaults" and to show what changed. */
  defaults: { rfm: RfmThresholds; segments: SegmentThresholds };
  /** True while nothing is saved for the workspace. */
  isDefault: boolean;
  /** Set when the stored thresholds do not validate (the defaults are in use meanwhile). */
  problem: string | null;
  /** Only admins may change the thresholds. */
  editable: boolean;
}

export interface SegmentCount {
  segment: Segment;
  label: string;
  description: string;
  /** The scores the segment covers (inclusive), under the workspace's thresholds. */
  min: number;
  max: number;
  contacts: number;
}

export interface RfmSegmentsView {
  workspaceId: string;
  /** Live contacts in the workspace; those with no counted conversion are cold. */
  contacts: number;
  /** Best segment first. */
  segments: SegmentCount[];
}

export interface ContactRfmView {
  contactId: string;
  workspaceId: string;
  lastConversionAt: string | null;
  /** Conversions counted for F (refund rows and cancelled or failed orders are not). */
  conversions: number;
  /** Net value in cents (refunded orders add nothing, refund rows subtract) that M is scored from. */
  totalCents: number;
  /** Calendar days since the last conversion in the workspace's zone; null with none. */
  recencyDays: number | null;
  r: number;
  f: number;
  m: number;
  score: number;
  segment: Segment;
  /** Local day R next drops with no new conversion; null when it is already 1. */
  recencyDropsOn: string | null;
}

export const RfmSettingsInput = z.object({ workspaceId: Id, rfm: RfmThresholdsSchema, segments: SegmentThresholdsSchema }).strict();

export const rfmApi = {
  'rfm.settings': method(z.object({ workspaceId: Id }).strict()).returns<RfmSettingsView>(),
  /** Admin only; re-scores every contact of the workspace with the new thresholds. */
  'rfm.saveSettings': method(RfmSettingsInput).returns<RfmSettingsView>(),
  /** Admin only; back to seed 001's thresholds (and re-scores). */
  'rfm.resetSettings': method(z.object({ workspaceId: Id }).strict()).returns<RfmSettingsView>(),
  'rfm.segments': method(z.object({ workspaceId: Id }).strict()).returns<RfmSegmentsView>(),
  'rfm.contact': method(z.object({ contactId: Id }).strict()).returns<ContactRfmView>(),
};
