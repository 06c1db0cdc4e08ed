import { z } from 'zod';
import { EVIDENCE_FIELDS, type TrafficRule, type TrafficSourceDef } from '../domain/traffic-source';
import { method } from './contract';
import { Id, Text } from './common';
import { TrafficSourceKey } from './calls';

export const TrafficSourceDefInput = z
  .object({
    key: TrafficSourceKey,
    label: Text(40).min(1, 'give the source a name'),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #3366ff'),
  })
  .strict();

export const TrafficRuleInput = z
  .object({
    priority: z.number().int().min(0).max(10_000),
    field: z.enum(EVIDENCE_FIELDS),
    match: z.enum(['equals', 'contains', 'startsWith', 'present']),
    value: Text(500).default(''),
    source: TrafficSourceKey,
    confidence: z.enum(['high', 'medium', 'low']),
    enabled: z.boolean().default(true),
  })
  .strict();

export const TrafficConfigInput = z
  .object({
    workspaceId: Id,
    sources: z.array(TrafficSourceDefInput).min(1, 'keep at least one source').max(30),
    rules: z.array(TrafficRuleInput).max(200),
  })
  .strict()
  .superRefine((v, ctx) => {
    const keys = new Set<string>();
    v.sources.forEach((s, i) => {
      if (keys.has(s.key)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'key'], message: `source "${s.key}" is listed twice` });
      keys.add(s.key);
    });
    if (!keys.has('organic')) ctx.addIssue({ code: 'custom', path: ['sources'], message: 'keep the "organic" source: calls with no evidence fall back to it' });
    v.rules.forEach((r, i) => {
      if (!keys.has(r.source)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'source'], message: `rule ${i + 1} points at "${r.source}", which is not a source of this workspace` });
      if (r.match !== 'present' && r.value.trim() === '') ctx.addIssue({ code: 'custom', path: ['rules', i, 'value'], message: `rule ${i + 1} needs a value to match` });
    });
  });

export interface TrafficConfigView {
  workspaceId: string;
  sources: TrafficSourceDef[];
  rules: TrafficRule[];
  isDefault: boolean;
  /** Only admins may change the rules. */
  editable: boolean;
}

export const settingsApi = {
  'settings.traffic': method(z.object({ workspaceId: Id }).strict()).returns<TrafficConfigView>(),
  'settings.saveTraffic': method(TrafficConfigInput).returns<TrafficConfigView>(),
  'settings.resetTraffic': method(z.object({ workspaceId: Id }).strict()).returns<TrafficConfigView>(),
};
