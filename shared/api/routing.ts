// The routing setup of a workspace (Step 6): rules (product types, zip patterns, priority, team),
// the reps in the rotation (team, weight, daily cap, working hours in their zone) and the fallback
// owner. Everyone sees it; admins change it. `routing.test` routes a sample lead against it.
import { z } from 'zod';
import type { RoutingDecision } from '../domain/routing';
import { method } from './contract';
import { Id, IsoDateTime, Text } from './common';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 09:00');

export const WorkingHoursSchema = z
  .object({ days: z.array(z.number().int().min(0).max(6)).min(1, 'choose at least one day').max(7), start: HHMM, end: HHMM })
  .strict()
  .refine((h) => h.start < h.end, { message: 'the day must end after it starts', path: ['end'] });

export const SaveRuleInput = z
  .object({
    workspaceId: Id,
    /** Absent: a new rule. */
    id: Id.optional(),
    name: Text(120).refine((s) => s.length > 0, 'give the rule a name'),
    productTypes: z.array(Text(60)).max(50).default([]),
    zipPatterns: z.array(Text(2000)).max(500).default([]),
    priority: z.number().int('must be a whole number').min(0).max(100_000),
    isActive: z.boolean().default(true),
    targetTeam: Text(80).nullable().default(null),
    notes: Text(2000).default(''),
  })
  .strict();
export type SaveRuleInput = z.output<typeof SaveRuleInput>;

export const SaveRepInput = z
  .object({
    workspaceId: Id,
    userId: Id,
    team: Text(80).nullable().default(null),
    weight: z.number().int('must be a whole number').min(0, 'must not be negative').max(100),
    dailyCap: z.number().int('must be a whole number').min(0).max(1000).nullable(),
    hours: WorkingHoursSchema.nullable(),
    timeZone: z.string().min(1).max(64),
    inRotation: z.boolean(),
  })
  .strict();
export type SaveRepInput = z.output<typeof SaveRepInput>;

export const RoutingTestInput = z
  .object({
    workspaceId: Id,
    productType: Text(60),
    zip: Text(20),
    scheduledAt: IsoDateTime,
    durationMinutes: z.number().int().min(15).max(480).default(60),
  })
  .strict();

export interface RoutingRuleView {
  id: string;
  workspaceId: string;
  name: string;
  productTypes: string[];
  zipPatterns: string[];
  priority: number;
  isActive: boolean;
  targetTeam: string | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
  /** Set when earlier rules take every lead this one could: it can never match. */
  shadowedBy: { ruleIds: string[]; message: string } | null;
}

export interface RoutingRepView {
  userId: string;
  name: string;
  role: string;
  team: string | null;
  weight: number;
  dailyCap: number | null;
  hours: { days: number[]; start: string; end: string } | null;
  timeZone: string;
  inRotation: boolean;
  /** False while the rep has no routing row yet (shown with the defaults). */
  configured: boolean;
  /** Appointments routed to the rep in the rotation's window: the round robin's state. */
  assignedInWindow: number;
}

export interface RoutingConfigView {
  workspaceId: string;
  rules: RoutingRuleView[];
  reps: RoutingRepView[];
  fallbackOwnerId: string | null;
  teams: string[];
  /** The lead types (and any other type a rule names), for the rule editor's choices. */
  productTypes: string[];
  /** Days the rotation counts back over. */
  rotationWindowDays: number;
  editable: boolean;
}

export const routingApi = {
  'routing.config': method(z.object({ workspaceId: Id }).strict()).returns<RoutingConfigView>(),
  'routing.saveRule': method(SaveRuleInput).returns<RoutingConfigView>(),
  'routing.deleteRule': method(z.object({ id: Id }).strict()).returns<RoutingConfigView>(),
  'routing.restoreRule': method(z.object({ id: Id }).strict()).returns<RoutingConfigView>(),
  'routing.saveRep': method(SaveRepInput).returns<RoutingConfigView>(),
  'routing.setFallback': method(z.object({ workspaceId: Id, userId: Id.nullable() }).strict()).returns<RoutingConfigView>(),
  /** Routes a sample lead against the saved rules and the reps' current calendars, booking nothing. */
  'routing.test': method(RoutingTestInput).returns<RoutingDecision>(),
};
