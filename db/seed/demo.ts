// Deterministic demo data: the same options produce the same rows. Demo workspaces are marked
// is_demo and are local only: their rows are written in bulk without outbox entries, so a demo
// is never pushed to a team's server. Settings can remove them (removeDemoData).
import { contactCodeForIndex } from '../../shared/domain/contact-code';
import { addDays, localDay, startOfLocalDay } from '../../shared/domain/dates';
import { uuidv7FromParts } from '../../shared/domain/ids';
import { classifyTrafficSource } from '../../shared/domain/traffic-source';
import type { AppDb } from '../connection';
import { refreshLeadSearch } from '../queries/lead-search';
import { refreshAll } from '../queries/rfm';
import { Rng } from './random';
import { CITIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, STREETS, type City } from './demo-vocabulary';
import { BulkWriter } from './bulk';

export interface DemoOptions {
  /** Number of leads; everything else scales with it (30,000 gives the standard demo set). */
  leads?: number;
  /** "Now" for the data set: rows spread over the 18 months before it. */
  anchor?: Date;
  seed?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
  /** Share of contacts per demo workspace (solar, HVAC, insurance); benches put all in one. */
  workspaceShares?: readonly [number, number, number];
  /** Contacts and leads only (statuses drawn directly): the fast path for large benchmark sets. */
  leadsOnly?: boolean;
  /** Number of calls, instead of 5/3 per lead (benchmarks want a million calls on fewer leads). */
  calls?: number;
  /** Contacts, leads and calls only: no appointments and no lead history (benchmark sets). */
  lean?: boolean;
}

export interface DemoSummary {
  workspaces: number;
  users: number;
  contacts: number;
  leads: number;
  calls: number;
  appointments: number;
  conversions: number;
  adminUserId: string;
}

const DAY = 86_400_000;
const SPAN_DAYS = 548; // 18 months

interface WsSpec {
  name: string;
  leadType: 'solar' | 'hvac' | 'insurance';
  share: number;
  reps: number;
  timezone: string;
  products: [string, number][];
}

const WORKSPACES: WsSpec[] = [
  { name: 'Sunrise Solar (demo)', leadType: 'solar', share: 0.45, reps: 9, timezone: 'America/Phoenix', products: [['Solar PV system 8 kW', 2_400_000], ['Home battery 13.5 kWh', 1_150_000], ['Panel cleaning plan', 29_900], ['EV charger install', 180_000]] },
  { name: 'ComfortAir HVAC (demo)', leadType: 'hvac', share: 0.3, reps: 8, timezone: 'America/Chicago', products: [['Heat pump install', 980_000], ['Central AC replacement', 720_000], ['Furnace tune-up', 14_900], ['Annual maintenance plan', 24_900]] },
  { name: 'Shield Insurance (demo)', leadType: 'insurance', share: 0.25, reps: 8, timezone: 'America/New_York', products: [['Homeowners policy (annual)', 186_000], ['Auto policy (annual)', 142_000], ['Umbrella policy', 38_000]] },
];

const REP_NAMES = [
  'Alex Rivera', 'Bailey Chen', 'Casey Morgan', 'Dana Brooks', 'Eli Foster', 'Frankie Ortiz', 'Gray Patel',
  'Harper Quinn', 'Indigo Shah', 'Jamie Lopez', 'Kai Nakamura', 'Logan Price', 'Morgan Ellis', 'Noel Carter',
  'Oakley Reed', 'Parker Diaz', 'Quinn Hughes', 'Reese Coleman', 'Sage Turner', 'Taylor Kim', 'Umi Sato',
  'Val Romero', 'Wren Bennett', 'Xen Murphy', 'Yael Cohen',
];
const MANAGER_NAMES = ['Morgan Hale', 'Jesse Park', 'Robin Walsh'];

const SOURCES: readonly (readonly [{ source: string; utmSource: string; utmMedium: string; paid: boolean }, number])[] = [
  [{ source: 'facebook_ads', utmSource: 'facebook', utmMedium: 'paid_social', paid: true }, 30],
  [{ source: 'instagram_ads', utmSource: 'instagram', utmMedium: 'paid_social', paid: true }, 12],
  [{ source: 'facebook_lead_form', utmSource: 'fb', utmMedium: 'lead_form', paid: true }, 8],
  [{ source: 'website', utmSource: '', utmMedium: '', paid: false }, 18],
  [{ source: 'google_organic', utmSource: 'google', utmMedium: 'organic', paid: false }, 12],
  [{ source: 'referral', utmSource: '', utmMedium: '', paid: false }, 8],
  [{ source: 'email_newsletter', utmSource: 'newsletter', utmMedium: 'email', paid: false }, 6],
  [{ source: 'partner_webhook', utmSource: 'partner', utmMedium: 'affiliate', paid: false }, 6],
];

const APPT_SOURCES = [
  ['sdr_booked_call', 40],
  ['vsl', 15],
  ['non_sdr_booked_call', 15],
  ['email', 10],
  ['self_booking', 20],
] as const;

const UNQUALIFIED_REASONS = ['Renter, not the homeowner', 'Outside service area', 'Credit below threshold', 'Duplicate inquiry', 'Not interested after first call'];

interface LeadInfo {
  id: string;
  ws: number;
  contactId: string;
  createdMs: number;
  type: string;
  source: string;
  utmSource: string;
  fbclid: string;
  owner: string | null;
  zip: string;
}

export function demoCounts(leads: number) {
  return {
    leads,
    contacts: Math.max(1, Math.round((leads * 2) / 3)),
    calls: Math.round((leads * 5) / 3),
    appointments: Math.round(leads / 6),
    conversions: Math.round(leads / 10),
  };
}

export function seedDemo(db: AppDb, options: DemoOptions = {}): DemoSummary {
  // The generator references only rows it created before, so per-row foreign key look-ups are
  // skipped while writing and the whole set is checked once at the end instead.
  db.sqlite.pragma('foreign_keys = OFF');
  try {
    const summary = generate(db, options);
    // Index the new leads for search now, rather than on the user's first search.
    options.onProgress?.('search index', 0, 1);
    refreshLeadSearch(db);
    // Scored as of the demo's own "now", so the dashboard opens with segments.
    options.onProgress?.('lead scores', 0, 1);
    refreshAll(db, options.anchor ?? new Date());
    const violations = db.sqlite.pragma('foreign_key_check') as { table: string }[];
    if (violations.length > 0) throw new Error(`Demo data has ${violations.length} foreign key violations (first in ${violations[0]!.table})`);
    return summary;
  } catch (err) {
    if (db.sqlite.inTransaction) db.sqlite.exec('ROLLBACK');
    throw err;
  } finally {
    db.sqlite.pragma('foreign_keys = ON');
  }
}

function generate(db: AppDb, options: DemoOptions): DemoSummary {
  const counts = { ...demoCounts(options.leads ?? 30_000), ...(options.calls !== undefined ? { calls: options.calls, conversions: Math.round(options.calls * 0.06) } : {}) };
  const anchorMs = startOfUtcDay(options.anchor ?? new Date());
  const startMs = anchorMs - SPAN_DAYS * DAY;
  const rng = new Rng(options.seed ?? 20_251_121);
  const progress = options.onProgress ?? (() => {});
  const idBytes = new Uint8Array(10);
  const newId = (ms: number) => {
    rng.fill(idBytes);
    return uuidv7FromParts(ms, idBytes);
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const out = new BulkWriter(db);

  // Workspaces, users, memberships.
  const baseIso = iso(startMs - 30 * DAY);
  const wsIds = WORKSPACES.map(() => newId(startMs - 30 * DAY));
  WORKSPACES.forEach((w, i) =>
    out.row('workspaces', { id: wsIds[i], name: w.name, is_active: 1, is_demo: 1, default_country: 'US', timezone: w.timezone, created_at: baseIso, updated_at: baseIso }),
  );
  const adminId = newId(startMs - 30 * DAY);
  out.row('users', { id: adminId, email: 'jordan.avery@demo.convio.test', display_name: 'Jordan Avery', is_demo: 1, created_at: baseIso, updated_at: baseIso });
  const repsByWs: string[][] = WORKSPACES.map(() => []);
  const managersByWs: string[] = [];
  const membershipIds = new Map<string, string>();
  let repIndex = 0;
  WORKSPACES.forEach((w, wi) => {
    const managerId = newId(startMs - 29 * DAY);
    managersByWs.push(managerId);
    const [mFirst, mLast] = MANAGER_NAMES[wi]!.split(' ');
    out.row('users', { id: managerId, email: `${mFirst}.${mLast}@demo.convio.test`.toLowerCase(), display_name: MANAGER_NAMES[wi], is_demo: 1, created_at: baseIso, updated_at: baseIso });
    out.row('workspace_memberships', { id: newId(startMs - 29 * DAY), workspace_id: wsIds[wi], user_id: managerId, role: 'manager', created_at: baseIso, updated_at: baseIso });
    out.row('workspace_memberships', { id: newId(startMs - 29 * DAY), workspace_id: wsIds[wi], user_id: adminId, role: 'admin', created_at: baseIso, updated_at: baseIso });
    for (let r = 0; r < w.reps; r++) {
      const name = REP_NAMES[repIndex++]!;
      const repId = newId(startMs - 28 * DAY);
      out.row('users', { id: repId, email: `${name.replace(' ', '.')}@demo.convio.test`.toLowerCase(), display_name: name, is_demo: 1, created_at: baseIso, updated_at: baseIso });
      const membershipId = newId(startMs - 28 * DAY);
      membershipIds.set(`${wi}:${repId}`, membershipId);
      out.row('workspace_memberships', { id: membershipId, workspace_id: wsIds[wi], user_id: repId, role: 'sdr', created_at: baseIso, updated_at: baseIso });
      repsByWs[wi]!.push(repId);
    }
  });

  // Routing rules, webhooks, providers, products.
  const productsByWs: { id: string; name: string; price: number }[][] = [];
  WORKSPACES.forEach((w, wi) => {
    const zips = CITIES.slice(wi * 8, wi * 8 + 8).map((c) => `${c.zipPrefix}*`);
    const rules: [string, string[], string[], number][] = [
      [`${w.leadType} — core metro`, [w.leadType], zips.slice(0, 3), 10],
      [`${w.leadType} — secondary metro`, [w.leadType], zips.slice(3, 6), 20],
      [`${w.leadType} — everywhere else`, [w.leadType], [], 90],
    ];
    for (const [name, types, zipList, priority] of rules) {
      out.row('appointment_routing_rules', { id: newId(startMs), workspace_id: wsIds[wi], name, product_types: JSON.stringify(types), zip_codes: JSON.stringify(zipList), priority, is_active: 1, created_by: adminId, created_at: baseIso, updated_at: baseIso });
    }
    // Every rep in the rotation, weekdays 9 to 6 in the workspace's zone; the first two carry double weight, the manager is the fallback owner.
    repsByWs[wi]!.forEach((repId, r) => {
      out.row('routing_reps', {
        id: membershipIds.get(`${wi}:${repId}`), workspace_id: wsIds[wi], user_id: repId, weight: r < 2 ? 2 : 1, daily_cap: 6,
        working_days: '[1,2,3,4,5]', work_start: '09:00', work_end: '18:00', time_zone: w.timezone, in_rotation: 1, created_at: baseIso, updated_at: baseIso,
      });
    });
    out.row('workspace_settings', { id: wsIds[wi], workspace_id: wsIds[wi], routing_fallback_user_id: managersByWs[wi], created_at: baseIso, updated_at: baseIso });
    const webhookKey = `wh_${w.leadType}_${wi + 1}`;
    out.row('webhook_configs', { id: newId(startMs), workspace_id: wsIds[wi], webhook_key: webhookKey, name: `${w.name.replace(' (demo)', '')} intake`, lead_type: w.leadType, is_active: 1, rate_limit: 100, rate_window: 60, created_at: baseIso, updated_at: baseIso });
    for (const provider of ['LeadPoint', 'QuoteWizard']) {
      out.row('lead_source_providers', { id: newId(startMs), workspace_id: wsIds[wi], provider_key: `${provider.toLowerCase()}_${wi + 1}`, provider_name: provider, company_name: `${provider} Inc.`, is_active: 1, allowed_webhooks: JSON.stringify([webhookKey]), rate_limit: 1000, created_at: baseIso, updated_at: baseIso });
    }
    productsByWs.push(
      w.products.map(([name, price]) => {
        const id = newId(startMs);
        out.row('products', { id, workspace_id: wsIds[wi], product_name: name, product_type: w.leadType, price_cents: price, currency: 'USD', created_at: baseIso, updated_at: baseIso });
        return { id, name, price };
      }),
    );
  });
  out.flush();

  // Contacts.
  const wsWeights = WORKSPACES.map((w, i) => [i, options.workspaceShares?.[i] ?? w.share] as const);
  const contactsByWs: { id: string; createdMs: number; city: City; zip: string; first: string; last: string; email: string; phone: string; phoneStatus: string; address: string }[][] = WORKSPACES.map(() => []);
  // Rows go in in creation order, so their UUIDv7 ids append to the primary-key b-tree.
  const contactTimes = Array.from({ length: counts.contacts }, () => startMs + Math.floor(Math.pow(rng.next(), 0.8) * SPAN_DAYS * DAY)).sort((a, b) => a - b);
  for (let i = 0; i < counts.contacts; i++) {
    const wi = rng.weighted(wsWeights);
    const createdMs = contactTimes[i]!;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const city = rng.pick(CITIES);
    const zip = `${city.zipPrefix}${String(rng.int(100)).padStart(2, '0')}`;
    const phoneRoll = rng.next();
    let phone = '';
    let phoneRaw = '';
    let phoneStatus = 'empty';
    let phoneIssue: string | null = null;
    if (phoneRoll < 0.96) {
      phone = `+1${rng.pick(city.areaCodes)}${rng.range(201, 989)}${String(rng.int(10_000)).padStart(4, '0')}`;
      if (/^\+1\d{3}[2-9]11/.test(phone) || /^\+1\d{3}555/.test(phone)) phone = `+1${city.areaCodes[0]}7${String(rng.int(100_0000)).padStart(6, '0')}`;
      phoneRaw = rng.chance(0.5) ? `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}` : phone.slice(2);
      phoneStatus = 'valid';
    } else if (phoneRoll < 0.985) {
      phoneRaw = phone = rng.pick(['555-0199', '123', 'n/a', '000-000-0000', '1234567']);
      phoneStatus = 'invalid';
      phoneIssue = 'not a valid US number';
    }
    const hasEmail = rng.chance(0.93);
    const email = hasEmail
      ? `${first}.${last}${rng.chance(0.4) ? rng.int(100) : ''}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase().replace(/'/g, '')
      : '';
    const address = `${rng.range(10, 9999)} ${rng.pick(STREETS)}`;
    const id = newId(createdMs);
    const wsContacts = contactsByWs[wi]!;
    out.row('contacts', {
      id, workspace_id: wsIds[wi], contact_code: contactCodeForIndex(wsContacts.length, wi * 104_729),
      first_name: first, last_name: last, email, email_valid: hasEmail ? 1 : 0, phone, phone_raw: phoneRaw,
      phone_status: phoneStatus, phone_issue: phoneIssue, address, city: city.city, state: city.state, zip_code: zip,
      created_at: iso(createdMs), updated_at: iso(createdMs),
    });
    wsContacts.push({ id, createdMs, city, zip, first, last, email, phone, phoneStatus, address });
    if (i % 5000 === 0) progress('contacts', i, counts.contacts);
  }
  out.flush();

  // Leads: every contact gets one; the rest are second interests of existing contacts.
  const leadsInfo: LeadInfo[] = [];
  const flatContacts = contactsByWs.flatMap((list, wi) => list.map((c) => ({ c, wi })));
  const leadPlans = Array.from({ length: counts.leads }, (_, i) => {
    const picked = i < flatContacts.length ? flatContacts[i]! : rng.pick(flatContacts);
    const later = picked.c.createdMs + rng.int(200) * DAY + rng.int(DAY);
    const createdMs = i < flatContacts.length ? picked.c.createdMs : later < anchorMs ? later : picked.c.createdMs + rng.int(Math.max(1, anchorMs - picked.c.createdMs));
    return { ...picked, createdMs };
  }).sort((a, b) => a.createdMs - b.createdMs);
  for (let i = 0; i < counts.leads; i++) {
    const { c, wi, createdMs } = leadPlans[i]!;
    const spec = WORKSPACES[wi]!;
    const type = rng.chance(0.88) ? spec.leadType : rng.pick(['solar', 'hvac', 'insurance'] as const);
    const src = rng.weighted(SOURCES);
    const fbclid = src.paid && rng.chance(0.45) ? `IwAR${rng.int(1e9).toString(36)}${rng.int(1e9).toString(36)}` : '';
    const reps = repsByWs[wi]!;
    const owner = rng.chance(0.75) ? rng.pick(reps) : null;
    const id = newId(createdMs);
    const campaign = src.paid ? `${type}_${rng.pick(['lookalike', 'retarget', 'broad', 'video'])}_${new Date(createdMs).getUTCFullYear()}q${Math.floor(new Date(createdMs).getUTCMonth() / 3) + 1}` : '';
    const row: Record<string, unknown> = {
      id, workspace_id: wsIds[wi], contact_id: c.id, webhook_id: src.source === 'partner_webhook' ? `wh_${spec.leadType}_${wi + 1}` : null,
      lead_type: type, first_name: c.first, last_name: c.last, email: c.email, phone: c.phone, phone_status: c.phoneStatus,
      address: c.address, city: c.city.city, state: c.city.state, zip_code: c.zip, source: src.source, campaign_id: campaign ? `cmp_${campaign}` : '',
      utm_source: src.utmSource, utm_medium: src.utmMedium, utm_campaign: campaign, fbclid,
      status: options.leadsOnly ? rng.weighted(LEAD_STATUS_MIX) : 'new', owner_user_id: owner, created_at: iso(createdMs), updated_at: iso(createdMs),
      processed_at: iso(createdMs + rng.int(600_000)), ip_address: `${rng.range(24, 220)}.${rng.int(256)}.${rng.int(256)}.${rng.range(1, 254)}`,
    };
    Object.assign(row, industryFields(rng, type));
    out.row('leads', row);
    leadsInfo.push({ id, ws: wi, contactId: c.id, createdMs, type, source: src.source, utmSource: src.utmSource, fbclid, owner, zip: c.zip });
    if (i % 5000 === 0) progress('leads', i, counts.leads);
  }
  out.flush();
  if (options.leadsOnly) return summarize(counts.contacts, counts.leads, 0, 0, 0, adminId);

  // Calls. Exactly `conversions` of the past calls close; the rest follow a realistic mix.
  const callPlans: { lead: LeadInfo; scheduledMs: number; rep: string; appt: string }[] = [];
  for (let i = 0; i < counts.calls; i++) {
    const lead = rng.pick(leadsInfo);
    const wanted = lead.createdMs + rng.int(21) * DAY + rng.range(8, 18) * 3_600_000;
    // Calls booked past the two-week horizon land somewhere in it, in working hours.
    const scheduledMs = wanted <= anchorMs + 14 * DAY ? wanted : anchorMs + rng.int(14) * DAY + rng.range(8, 18) * 3_600_000;
    const rep = lead.owner ?? rng.pick(repsByWs[lead.ws]!);
    callPlans.push({ lead, scheduledMs: roundTo(scheduledMs, 15 * 60_000), rep, appt: rng.weighted(APPT_SOURCES) });
  }
  callPlans.sort((a, b) => a.scheduledMs - b.scheduledMs);
  const pastIdx = callPlans.map((p, i) => (p.scheduledMs < anchorMs ? i : -1)).filter((i) => i >= 0);
  const closed = new Set<number>();
  for (let k = 0; k < counts.conversions && pastIdx.length > 0; k++) {
    const j = k + rng.int(pastIdx.length - k);
    [pastIdx[k], pastIdx[j]] = [pastIdx[j]!, pastIdx[k]!];
    closed.add(pastIdx[k]!);
  }
  const convertedLeads = new Map<string, number>();
  callPlans.forEach((plan, i) => {
    const { lead } = plan;
    let stage: string;
    if (closed.has(i)) stage = 'closed_won';
    else if (plan.scheduledMs >= anchorMs) stage = 'scheduled';
    else if (plan.scheduledMs > anchorMs - 2 * 3_600_000) stage = 'in_progress';
    else stage = rng.weighted([['completed', 30], ['no_show', 24], ['lost', 40], ['scheduled', 2]] as const);
    const classification = classifyTrafficSource({ sourceOfAppointment: plan.appt, leadSource: lead.source, utmSource: lead.utmSource, fbclid: lead.fbclid });
    const held = stage === 'completed' || stage === 'closed_won' || stage === 'lost';
    const duration = held ? rng.range(8, 55) * 60 : stage === 'no_show' ? 0 : null;
    const id = newId(plan.scheduledMs - rng.int(7) * DAY - DAY);
    const createdMs = Math.min(plan.scheduledMs - DAY, anchorMs - 1000);
    const legacy = plan.scheduledMs < anchorMs - 365 * DAY ? legacyStatus(stage) : { status: null, outcome: null };
    const value = stage === 'closed_won' ? saleValue(rng, lead.type) : null;
    out.row('calls', {
      id, workspace_id: wsIds[lead.ws], contact_id: lead.contactId, lead_id: lead.id, rep_user_id: plan.rep, call_type: 'sales',
      scheduled_at: iso(plan.scheduledMs), started_at: held || stage === 'in_progress' ? iso(plan.scheduledMs + rng.int(5) * 60_000) : null,
      duration_seconds: duration, status: legacy.status, outcome: legacy.outcome, source_of_set_appointment: plan.appt,
      lead_source: lead.source, utm_source: lead.utmSource, fbclid: lead.fbclid || null,
      traffic_source: classification.trafficSource, traffic_source_reason: classification.reason, traffic_source_confidence: classification.confidence, crm_stage: stage,
      call_day: localDay(plan.scheduledMs, WORKSPACES[lead.ws]!.timezone), legacy_mapped_at: iso(createdMs),
      sale_value_cents: value, currency: 'USD', notes: '', created_at: iso(createdMs), updated_at: iso(Math.max(createdMs, Math.min(plan.scheduledMs, anchorMs - 1000))),
    });
    if (stage !== 'scheduled') {
      const atMs = Math.min(plan.scheduledMs + (duration ?? 0) * 1000, anchorMs - 1000);
      out.row('call_events', { id: newId(atMs), workspace_id: wsIds[lead.ws], call_id: id, event_type: 'stage_changed', old_value: 'scheduled', new_value: stage, actor_user_id: plan.rep, created_at: iso(atMs), updated_at: iso(atMs) });
    }
    if (value !== null) {
      const atMs = Math.min(plan.scheduledMs + (duration ?? 0) * 1000, anchorMs - 1000);
      const convId = newId(atMs);
      out.row('conversions', {
        id: convId, workspace_id: wsIds[lead.ws], contact_id: lead.contactId, lead_id: lead.id, call_id: id, converted_by: plan.rep,
        converted_at: iso(atMs), conversion_type: 'sale', value_cents: value, currency: 'USD', order_number: `DEMO-${100000 + convertedLeads.size}`,
        billing_status: rng.weighted([['paid', 85], ['pending', 10], ['refunded', 5]] as const), order_source: 'call', created_at: iso(atMs), updated_at: iso(atMs),
      });
      out.row('conversion_events', { id: newId(atMs), workspace_id: wsIds[lead.ws], conversion_id: convId, event_type: 'created', event_data: JSON.stringify({ valueCents: value, callId: id }), created_by: plan.rep, created_at: iso(atMs), updated_at: iso(atMs) });
      const products = productsByWs[lead.ws]!;
      const main = products[0]!;
      const extra = rng.chance(0.35) ? products[1 + rng.int(products.length - 1)]! : null;
      const extraAmount = extra ? Math.min(extra.price, Math.floor(value / 4)) : 0;
      out.row('order_items', { id: newId(atMs), workspace_id: wsIds[lead.ws], conversion_id: convId, product_id: main.id, quantity: 1, amount_cents: value - extraAmount, currency: 'USD', created_at: iso(atMs), updated_at: iso(atMs) });
      if (extra && extraAmount > 0) {
        out.row('order_items', { id: newId(atMs), workspace_id: wsIds[lead.ws], conversion_id: convId, product_id: extra.id, quantity: 1, amount_cents: extraAmount, currency: 'USD', created_at: iso(atMs), updated_at: iso(atMs) });
      }
      out.row('analytics_events', { id: newId(atMs), workspace_id: wsIds[lead.ws], contact_id: lead.contactId, name: 'Purchased', value: String(value / 100), type: 'purchase', occurred_at: iso(atMs), created_at: iso(atMs), updated_at: iso(atMs) });
      convertedLeads.set(lead.id, atMs);
    }
    if (i % 5000 === 0) progress('calls', i, counts.calls);
  });
  out.flush();

  if (options.lean) return summarize(counts.contacts, counts.leads, counts.calls, 0, closed.size, adminId);

  // Appointments. A rep's appointments never overlap (moved later half an hour at a time), as booking guarantees.
  const SLOT = 30 * 60_000;
  const taken = new Map<string, Set<number>>();
  const place = (rep: string, startMs: number, minutes: number): number => {
    let slots = taken.get(rep);
    if (!slots) taken.set(rep, (slots = new Set()));
    const n = Math.ceil(minutes / 30);
    let first = Math.floor(startMs / SLOT);
    for (;;) {
      let free = true;
      for (let k = 0; k < n; k++) if (slots.has(first + k)) free = false;
      if (free) break;
      first++;
    }
    for (let k = 0; k < n; k++) slots.add(first + k);
    return first * SLOT;
  };
  for (let i = 0; i < counts.appointments; i++) {
    const lead = rng.pick(leadsInfo);
    // Working hours in the workspace's zone (09:00 to 17:00 starts), Monday to Friday.
    const zone = WORKSPACES[lead.ws]!.timezone;
    let day = localDay(Math.min(anchorMs + 21 * DAY, lead.createdMs + rng.range(1, 30) * DAY), zone);
    const hour = rng.range(9, 16);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday === 6 || weekday === 0) day = addDays(day, weekday === 6 ? 2 : 1);
    const proposedMs = roundTo(startOfLocalDay(day, zone).getTime() + hour * 3_600_000, 30 * 60_000);
    const future = proposedMs >= anchorMs;
    // Legacy "rescheduled" rows are cancelled bookings here: a reschedule moves the appointment itself.
    const status = future ? 'scheduled' : rng.weighted([['completed', 62], ['no_show', 20], ['cancelled', 18]] as const);
    const rep = lead.owner ?? rng.pick(repsByWs[lead.ws]!);
    const createdMs = Math.min(proposedMs - DAY, anchorMs - 1000);
    const id = newId(createdMs);
    const duration = rng.pick([30, 45, 60, 90]);
    const scheduledMs = status === 'cancelled' ? proposedMs : place(rep, proposedMs, duration);
    const explanation = { why: `Demo data: given to the lead's owner, or round robin (zip ${lead.zip})` };
    out.row('appointments', {
      id, workspace_id: wsIds[lead.ws], lead_id: lead.id, contact_id: lead.contactId,
      appointment_type: WORKSPACES[lead.ws]!.leadType === 'insurance' ? 'policy_review' : 'home_consultation',
      scheduled_at: iso(scheduledMs), duration_minutes: duration, status,
      location_type: rng.chance(0.6) ? 'in_home' : 'video', assigned_user_id: rep,
      outcome: status === 'completed' ? rng.pick(['proposal_sent', 'signed', 'follow_up', 'not_interested']) : null,
      created_by: rep, routing_status: 'routed', routing_explanation: JSON.stringify(explanation), created_at: iso(createdMs), updated_at: iso(createdMs),
    });
    out.row('appointment_events', { id: newId(createdMs), workspace_id: wsIds[lead.ws], appointment_id: id, event_type: 'created', event_description: 'Appointment booked', new_value: iso(scheduledMs), performed_by: rep, created_at: iso(createdMs), updated_at: iso(createdMs) });
    if (i % 2000 === 0) progress('appointments', i, counts.appointments);
  }
  out.flush();

  // Lead statuses follow what happened to them, and every lead has its history.
  const calledLeads = new Set<string>();
  for (const plan of callPlans) if (plan.scheduledMs < anchorMs) calledLeads.add(plan.lead.id);
  leadsInfo.forEach((lead, i) => {
    const createdIso = iso(lead.createdMs);
    const wsId = wsIds[lead.ws];
    out.row('lead_events', { id: newId(lead.createdMs), workspace_id: wsId, lead_id: lead.id, event_type: 'created', event_data: JSON.stringify({ changes: { leadType: [null, lead.type], source: [null, lead.source] }, note: 'demo data' }), created_at: createdIso, updated_at: createdIso });
    let status = 'new';
    let reason: string | null = null;
    if (convertedLeads.has(lead.id)) status = 'converted';
    else if (calledLeads.has(lead.id)) {
      status = rng.weighted([['contacted', 45], ['qualified', 30], ['unqualified', 25]] as const);
      if (status === 'unqualified') reason = rng.pick(UNQUALIFIED_REASONS);
    } else if (lead.createdMs < anchorMs - 30 * DAY) status = rng.weighted([['contacted', 60], ['new', 40]] as const);
    if (status !== 'new') {
      const atMs = convertedLeads.get(lead.id) ?? Math.min(lead.createdMs + rng.range(1, 20) * DAY, anchorMs - 1000);
      out.row('lead_events', { id: newId(atMs), workspace_id: wsId, lead_id: lead.id, event_type: 'status_changed', event_data: JSON.stringify({ changes: { status: ['new', status] }, ...(reason ? { note: reason } : {}) }), actor_user_id: lead.owner, created_at: iso(atMs), updated_at: iso(atMs) });
      out.update('leads', lead.id, { status, status_reason: reason, updated_at: iso(atMs) });
    }
    if (i % 5000 === 0) progress('history', i, leadsInfo.length);
  });
  out.flush();

  return summarize(counts.contacts, counts.leads, counts.calls, counts.appointments, closed.size, adminId);
}

function summarize(contacts: number, leads: number, calls: number, appointments: number, conversions: number, adminUserId: string): DemoSummary {
  const users = 1 + WORKSPACES.length + WORKSPACES.reduce((s, w) => s + w.reps, 0);
  return { workspaces: WORKSPACES.length, users, contacts, leads, calls, appointments, conversions, adminUserId };
}

const LEAD_STATUS_MIX = [['new', 25], ['contacted', 35], ['qualified', 18], ['unqualified', 15], ['converted', 7]] as const;

function industryFields(rng: Rng, type: string): Record<string, unknown> {
  if (type === 'solar') {
    return {
      monthly_electric_bill_cents: rng.range(60, 480) * 100,
      property_type: rng.weighted([['single_family', 80], ['townhouse', 12], ['multi_family', 8]] as const),
      roof_condition: rng.pick(['excellent', 'good', 'fair', 'needs_repair']),
      roof_age: rng.range(1, 30),
      shade_coverage: rng.pick(['none', 'light', 'moderate', 'heavy']),
    };
  }
  if (type === 'hvac') {
    return {
      system_type: rng.pick(['central_ac', 'heat_pump', 'furnace', 'boiler', 'mini_split']),
      system_age: rng.range(1, 25),
      service_type: rng.pick(['replacement', 'repair', 'new_install', 'maintenance']),
      urgency: rng.weighted([['emergency', 10], ['this_week', 30], ['this_month', 40], ['researching', 20]] as const),
      property_size: rng.range(8, 45) * 100,
    };
  }
  return {
    policy_type: rng.pick(['homeowners', 'auto', 'bundle', 'umbrella', 'life']),
    coverage_amount_cents: rng.range(10, 120) * 10_000_00,
    current_premium_cents: rng.range(60, 400) * 1000,
    property_value_cents: rng.range(15, 150) * 10_000_00,
    claims_history: rng.pick(['none', 'one_claim', 'two_or_more']),
  };
}

function saleValue(rng: Rng, type: string): number {
  if (type === 'solar') return rng.range(1_500, 4_500) * 1000;
  if (type === 'hvac') return rng.range(400, 1_500) * 1000;
  return rng.range(80, 300) * 1000;
}

function legacyStatus(stage: string): { status: string | null; outcome: string | null } {
  switch (stage) {
    case 'closed_won':
      return { status: 'completed', outcome: 'won' };
    case 'lost':
      return { status: 'completed', outcome: 'lost' };
    case 'completed':
      return { status: 'completed', outcome: 'tbd' };
    case 'no_show':
      return { status: 'no-show', outcome: null };
    default:
      return { status: 'scheduled', outcome: null };
  }
}

function startOfUtcDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

function roundTo(ms: number, step: number): number {
  return Math.round(ms / step) * step;
}
