// Traffic-source classification (seed 004, corrected per DESIGN.md §3). The rules are data: the
// defaults below reproduce the seed's mapping plus UTM/click-id evidence, and a workspace can add
// its own sources and rules (google, tiktok, referral...) without a code change.

export type Confidence = 'manual' | 'high' | 'medium' | 'low';

export type EvidenceField =
  | 'sourceOfAppointment'
  | 'leadSource'
  | 'utmSource'
  | 'utmMedium'
  | 'utmCampaign'
  | 'fbclid'
  | 'gclid';

export interface TrafficRule {
  /** Lower runs first; the first matching rule decides. */
  priority: number;
  field: EvidenceField;
  match: 'equals' | 'contains' | 'startsWith' | 'present';
  /** Compared case-insensitively; a comma-separated list means any of them. Ignored for 'present'. */
  value: string;
  source: string;
  confidence: Exclude<Confidence, 'manual'>;
  enabled?: boolean;
}

export interface TrafficEvidence {
  sourceOfAppointment?: string | null;
  leadSource?: string | null;
  utmSource?: string | null;
  utmMedium?: string | null;
  utmCampaign?: string | null;
  fbclid?: string | null;
  gclid?: string | null;
  /** A person's explicit choice: always wins, and is recorded as such. */
  manualOverride?: string | null;
}

export interface TrafficClassification {
  trafficSource: string;
  reason: string;
  confidence: Confidence;
  overridden: boolean;
  /** The rule that decided, if any. */
  rule: TrafficRule | null;
}

export interface TrafficSourceDef {
  /** Stable key stored on calls: lower case, digits and underscores. */
  key: string;
  label: string;
  /** #rrggbb, for charts and badges. */
  color: string;
}

export const DEFAULT_TRAFFIC_SOURCES: readonly TrafficSourceDef[] = [
  { key: 'organic', label: 'Organic', color: '#30a46c' },
  { key: 'meta', label: 'Meta ads', color: '#0090ff' },
];
export const FALLBACK_SOURCE = 'organic';
export const TRAFFIC_SOURCE_KEY_RE = /^[a-z][a-z0-9_]{0,29}$/;
export const EVIDENCE_FIELDS = ['sourceOfAppointment', 'leadSource', 'utmSource', 'utmMedium', 'utmCampaign', 'fbclid', 'gclid'] as const;

/** The labels people see for each evidence field. */
export function evidenceLabel(field: EvidenceField): string {
  return FIELD_LABELS[field];
}

export const SOURCE_OF_APPOINTMENT_VALUES = ['sdr_booked_call', 'non_sdr_booked_call', 'vsl', 'email', 'self_booking'] as const;

/** The seed's mapping, then the evidence DESIGN.md adds (click ids and UTM sources mean Meta ads). */
export const DEFAULT_TRAFFIC_RULES: readonly TrafficRule[] = [
  { priority: 10, field: 'fbclid', match: 'present', value: '', source: 'meta', confidence: 'high' },
  { priority: 20, field: 'utmSource', match: 'equals', value: 'facebook,fb,instagram,ig,meta', source: 'meta', confidence: 'high' },
  { priority: 30, field: 'sourceOfAppointment', match: 'equals', value: 'sdr_booked_call', source: 'meta', confidence: 'medium' },
  { priority: 31, field: 'sourceOfAppointment', match: 'equals', value: 'vsl', source: 'meta', confidence: 'medium' },
  { priority: 32, field: 'sourceOfAppointment', match: 'equals', value: 'non_sdr_booked_call', source: 'organic', confidence: 'medium' },
  { priority: 33, field: 'sourceOfAppointment', match: 'equals', value: 'email', source: 'organic', confidence: 'medium' },
  { priority: 34, field: 'sourceOfAppointment', match: 'equals', value: 'self_booking', source: 'organic', confidence: 'medium' },
  { priority: 40, field: 'leadSource', match: 'contains', value: 'facebook,instagram,meta', source: 'meta', confidence: 'medium' },
];

const FIELD_LABELS: Record<EvidenceField, string> = {
  sourceOfAppointment: 'source of set appointment',
  leadSource: 'lead source',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  fbclid: 'Facebook click id (fbclid)',
  gclid: 'Google click id (gclid)',
};

function matches(rule: TrafficRule, raw: string): string | null {
  const value = raw.trim().toLowerCase();
  if (value === '') return null;
  if (rule.match === 'present') return value;
  for (const candidate of rule.value.split(',').map((v) => v.trim().toLowerCase()).filter(Boolean)) {
    if (rule.match === 'equals' && value === candidate) return candidate;
    if (rule.match === 'contains' && value.includes(candidate)) return candidate;
    if (rule.match === 'startsWith' && value.startsWith(candidate)) return candidate;
  }
  return null;
}

export function classifyTrafficSource(
  evidence: TrafficEvidence,
  rules: readonly TrafficRule[] = DEFAULT_TRAFFIC_RULES,
): TrafficClassification {
  const override = evidence.manualOverride?.trim();
  if (override) {
    return { trafficSource: override, reason: `Set by hand to ${override}`, confidence: 'manual', overridden: true, rule: null };
  }
  const ordered = rules.filter((r) => r.enabled !== false).slice().sort((a, b) => a.priority - b.priority);
  for (const rule of ordered) {
    const raw = evidence[rule.field];
    if (raw == null) continue;
    const hit = matches(rule, raw);
    if (hit === null) continue;
    const what = rule.match === 'present' ? `${FIELD_LABELS[rule.field]} is present` : `${FIELD_LABELS[rule.field]} is "${raw.trim()}"`;
    return { trafficSource: rule.source, reason: `${what} → ${rule.source}`, confidence: rule.confidence, overridden: false, rule };
  }
  const seen = (Object.keys(FIELD_LABELS) as EvidenceField[]).filter((f) => (evidence[f] ?? '').trim() !== '');
  const reason =
    seen.length === 0
      ? `No source evidence on this call; defaulted to ${FALLBACK_SOURCE}`
      : `No rule matches ${seen.map((f) => `${FIELD_LABELS[f]} "${(evidence[f] ?? '').trim()}"`).join(', ')}; defaulted to ${FALLBACK_SOURCE}`;
  return { trafficSource: FALLBACK_SOURCE, reason, confidence: 'low', overridden: false, rule: null };
}
