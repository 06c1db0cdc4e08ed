import { describe, expect, it } from 'vitest';
import {
  classifyTrafficSource,
  DEFAULT_TRAFFIC_RULES,
  FALLBACK_SOURCE,
  SOURCE_OF_APPOINTMENT_VALUES,
  type TrafficEvidence,
  type TrafficRule,
} from '../../shared/domain/traffic-source';

const GOOGLE_UTM: TrafficRule = { priority: 50, field: 'utmSource', match: 'equals', value: 'google', source: 'google', confidence: 'high' };
const GOOGLE_GCLID: TrafficRule = { priority: 51, field: 'gclid', match: 'present', value: '', source: 'google', confidence: 'high' };
const WITH_GOOGLE: readonly TrafficRule[] = [...DEFAULT_TRAFFIC_RULES, GOOGLE_UTM, GOOGLE_GCLID];

describe('classifyTrafficSource: the seed mapping of source of set appointment', () => {
  it.each([
    { appt: 'sdr_booked_call', source: 'meta' },
    { appt: 'vsl', source: 'meta' },
    { appt: 'non_sdr_booked_call', source: 'organic' },
    { appt: 'email', source: 'organic' },
    { appt: 'self_booking', source: 'organic' },
  ])('$appt -> $source', ({ appt, source }) => {
    const result = classifyTrafficSource({ sourceOfAppointment: appt });
    expect(result).toMatchObject({ trafficSource: source, confidence: 'medium', overridden: false });
    expect(result.rule).toMatchObject({ field: 'sourceOfAppointment', value: appt, source });
    expect(result.reason).toBe(`source of set appointment is "${appt}" → ${source}`);
  });

  it('every seed value is covered by a rule, none falls back', () => {
    for (const appt of SOURCE_OF_APPOINTMENT_VALUES) {
      expect(classifyTrafficSource({ sourceOfAppointment: appt }).rule).not.toBeNull();
    }
  });

  it.each([' SDR_Booked_Call ', 'VSL', '\tSelf_Booking'])('matches %j case- and space-insensitively', (appt) => {
    const result = classifyTrafficSource({ sourceOfAppointment: appt });
    expect(result.rule?.field).toBe('sourceOfAppointment');
    // The reason quotes the value as given, trimmed.
    expect(result.reason).toContain(`"${appt.trim()}"`);
  });

  it('does not match a seed value by substring', () => {
    // "email" is an exact value, not "anything mentioning email".
    expect(classifyTrafficSource({ sourceOfAppointment: 'email_followup' }).rule).toBeNull();
  });
});

describe('classifyTrafficSource: UTM and click-id evidence', () => {
  it.each(['facebook', 'fb', 'instagram', 'ig', 'meta', 'Facebook', 'FB', 'InstaGram', 'IG', 'META', '  facebook ', '\tig\n'])(
    'utm_source %j -> meta, high confidence',
    (utmSource) => {
      const result = classifyTrafficSource({ utmSource });
      expect(result).toMatchObject({ trafficSource: 'meta', confidence: 'high', overridden: false });
      expect(result.rule?.field).toBe('utmSource');
      expect(result.reason).toBe(`utm_source is "${utmSource.trim()}" → meta`);
    },
  );

  it.each(['facebook.com', 'fbads', 'm.facebook', 'google', 'igloo'])('utm_source %j is not Meta evidence on its own', (utmSource) => {
    expect(classifyTrafficSource({ utmSource })).toMatchObject({ trafficSource: FALLBACK_SOURCE, rule: null, confidence: 'low' });
  });

  it.each(['IwAR2xyz', 'x', ' abc '])('fbclid %j -> meta', (fbclid) => {
    const result = classifyTrafficSource({ fbclid });
    expect(result).toMatchObject({ trafficSource: 'meta', confidence: 'high', overridden: false });
    expect(result.rule?.field).toBe('fbclid');
    expect(result.reason).toBe('Facebook click id (fbclid) is present → meta');
  });

  it.each([{ fbclid: '' }, { fbclid: '   ' }, { fbclid: null }, { fbclid: undefined }])('an empty fbclid ($fbclid) is no evidence', (evidence) => {
    expect(classifyTrafficSource(evidence).rule).toBeNull();
  });

  it.each(['Facebook Lead Ads', 'instagram', 'META form', 'via facebook'])('lead source %j -> meta', (leadSource) => {
    expect(classifyTrafficSource({ leadSource })).toMatchObject({ trafficSource: 'meta', confidence: 'medium' });
  });

  it('click ids and UTM beat the appointment mapping', () => {
    expect(classifyTrafficSource({ sourceOfAppointment: 'email', fbclid: 'abc' })).toMatchObject({ trafficSource: 'meta', confidence: 'high' });
    expect(classifyTrafficSource({ sourceOfAppointment: 'self_booking', utmSource: 'ig' })).toMatchObject({ trafficSource: 'meta', confidence: 'high' });
  });

  it('the appointment mapping beats the lead source', () => {
    const result = classifyTrafficSource({ sourceOfAppointment: 'non_sdr_booked_call', leadSource: 'Facebook Lead Ads' });
    expect(result).toMatchObject({ trafficSource: 'organic', confidence: 'medium' });
    expect(result.rule?.field).toBe('sourceOfAppointment');
  });
});

describe('classifyTrafficSource: manual override', () => {
  it.each<{ evidence: TrafficEvidence; override: string }>([
    { evidence: {}, override: 'meta' },
    { evidence: { fbclid: 'abc', utmSource: 'facebook', sourceOfAppointment: 'vsl' }, override: 'organic' },
    { evidence: { sourceOfAppointment: 'email' }, override: 'meta' },
    { evidence: { utmSource: 'google' }, override: 'tiktok' },
  ])('override $override wins over $evidence', ({ evidence, override }) => {
    expect(classifyTrafficSource({ ...evidence, manualOverride: override }, WITH_GOOGLE)).toEqual({
      trafficSource: override,
      reason: `Set by hand to ${override}`,
      confidence: 'manual',
      overridden: true,
      rule: null,
    });
  });

  it('trims the override', () => {
    expect(classifyTrafficSource({ manualOverride: '  meta ' })).toMatchObject({ trafficSource: 'meta', overridden: true });
  });

  it.each(['', '   ', null, undefined])('a blank override (%j) is no override', (manualOverride) => {
    const result = classifyTrafficSource({ manualOverride, utmSource: 'ig' });
    expect(result).toMatchObject({ trafficSource: 'meta', overridden: false, confidence: 'high' });
  });

  it('only an override is marked overridden or manual', () => {
    const evidences: TrafficEvidence[] = [{}, { fbclid: 'x' }, { sourceOfAppointment: 'vsl' }, { utmSource: 'google' }, { gclid: 'g' }];
    for (const evidence of evidences) {
      const result = classifyTrafficSource(evidence, WITH_GOOGLE);
      expect(result.overridden).toBe(false);
      expect(result.confidence).not.toBe('manual');
    }
  });
});

describe('classifyTrafficSource: fallback', () => {
  it.each<TrafficEvidence>([{}, { utmSource: '', leadSource: '   ', fbclid: null }])('no evidence (%j) -> organic, saying so', (evidence) => {
    expect(classifyTrafficSource(evidence)).toEqual({
      trafficSource: 'organic',
      reason: 'No source evidence on this call; defaulted to organic',
      confidence: 'low',
      overridden: false,
      rule: null,
    });
  });

  it('unknown evidence -> organic, naming what was seen and that it defaulted', () => {
    const result = classifyTrafficSource({ sourceOfAppointment: 'referral', utmSource: ' google ', gclid: 'abc' });
    expect(result).toMatchObject({ trafficSource: 'organic', confidence: 'low', overridden: false, rule: null });
    expect(result.reason).toContain('No rule matches');
    expect(result.reason).toContain('source of set appointment "referral"');
    expect(result.reason).toContain('utm_source "google"');
    expect(result.reason).toContain('Google click id (gclid) "abc"');
    expect(result.reason).toMatch(/defaulted to organic$/);
  });

  it('an empty rule set always falls back', () => {
    expect(classifyTrafficSource({ fbclid: 'abc', sourceOfAppointment: 'vsl' }, [])).toMatchObject({ trafficSource: 'organic', rule: null });
  });
});

describe('classifyTrafficSource: workspace rules', () => {
  it.each<{ evidence: TrafficEvidence; rule: TrafficRule }>([
    { evidence: { utmSource: 'google' }, rule: GOOGLE_UTM },
    { evidence: { utmSource: ' Google ' }, rule: GOOGLE_UTM },
    { evidence: { gclid: 'Cj0KCQ' }, rule: GOOGLE_GCLID },
    { evidence: { gclid: 'Cj0KCQ', sourceOfAppointment: 'referral' }, rule: GOOGLE_GCLID },
  ])('$evidence -> google', ({ evidence, rule }) => {
    const result = classifyTrafficSource(evidence, WITH_GOOGLE);
    expect(result).toMatchObject({ trafficSource: 'google', confidence: 'high', overridden: false });
    expect(result.rule).toEqual(rule);
  });

  it('reports a present-rule and a value-rule in words', () => {
    expect(classifyTrafficSource({ gclid: 'abc' }, WITH_GOOGLE).reason).toBe('Google click id (gclid) is present → google');
    expect(classifyTrafficSource({ utmSource: 'Google' }, WITH_GOOGLE).reason).toBe('utm_source is "Google" → google');
  });

  it('the lowest priority number decides when several rules match', () => {
    const evidence: TrafficEvidence = { fbclid: 'f', gclid: 'g' };
    // Default: fbclid (10) comes before the workspace gclid rule (51).
    expect(classifyTrafficSource(evidence, WITH_GOOGLE).trafficSource).toBe('meta');
    const gclidFirst = [...DEFAULT_TRAFFIC_RULES, { ...GOOGLE_GCLID, priority: 5 }];
    expect(classifyTrafficSource(evidence, gclidFirst).trafficSource).toBe('google');
  });

  it('order in the list does not matter, only priority', () => {
    const evidence: TrafficEvidence = { fbclid: 'f', gclid: 'g', sourceOfAppointment: 'email' };
    const forward = classifyTrafficSource(evidence, WITH_GOOGLE);
    const reversed = classifyTrafficSource(evidence, [...WITH_GOOGLE].reverse());
    expect(reversed).toEqual(forward);
  });

  it('a workspace rule can reclassify a seed value by coming first', () => {
    const rules = [...DEFAULT_TRAFFIC_RULES, { priority: 1, field: 'sourceOfAppointment', match: 'equals', value: 'email', source: 'newsletter', confidence: 'high' } satisfies TrafficRule];
    expect(classifyTrafficSource({ sourceOfAppointment: 'email' }, rules)).toMatchObject({ trafficSource: 'newsletter', confidence: 'high' });
    expect(classifyTrafficSource({ sourceOfAppointment: 'vsl' }, rules).trafficSource).toBe('meta');
  });

  it.each([
    { enabled: false, source: 'organic' },
    { enabled: true, source: 'google' },
    { enabled: undefined, source: 'google' },
  ])('a rule with enabled: $enabled -> $source', ({ enabled, source }) => {
    const rules = [...DEFAULT_TRAFFIC_RULES, { ...GOOGLE_UTM, enabled }];
    expect(classifyTrafficSource({ utmSource: 'google' }, rules).trafficSource).toBe(source);
  });

  it('a disabled default rule is skipped, and the next rule decides', () => {
    const rules = DEFAULT_TRAFFIC_RULES.map((r) => (r.field === 'fbclid' ? { ...r, enabled: false } : r));
    const result = classifyTrafficSource({ fbclid: 'abc', sourceOfAppointment: 'email' }, rules);
    expect(result).toMatchObject({ trafficSource: 'organic', confidence: 'medium' });
    expect(result.rule?.field).toBe('sourceOfAppointment');
  });

  it.each<{ rule: TrafficRule; value: string; hit: boolean }>([
    { rule: { priority: 1, field: 'utmCampaign', match: 'startsWith', value: 'tt_, tiktok', source: 'tiktok', confidence: 'medium' }, value: 'TT_spring', hit: true },
    { rule: { priority: 1, field: 'utmCampaign', match: 'startsWith', value: 'tt_, tiktok', source: 'tiktok', confidence: 'medium' }, value: 'tiktok-2025', hit: true },
    { rule: { priority: 1, field: 'utmCampaign', match: 'startsWith', value: 'tt_, tiktok', source: 'tiktok', confidence: 'medium' }, value: 'spring_tt_', hit: false },
    { rule: { priority: 1, field: 'utmMedium', match: 'contains', value: 'referral', source: 'referral', confidence: 'low' }, value: 'partner-REFERRAL-link', hit: true },
    { rule: { priority: 1, field: 'utmMedium', match: 'contains', value: 'referral', source: 'referral', confidence: 'low' }, value: 'refer', hit: false },
    { rule: { priority: 1, field: 'utmMedium', match: 'equals', value: 'cpc,ppc', source: 'paid', confidence: 'medium' }, value: ' PPC ', hit: true },
    { rule: { priority: 1, field: 'utmMedium', match: 'equals', value: 'cpc,ppc', source: 'paid', confidence: 'medium' }, value: 'cpc2', hit: false },
    // An empty candidate in the list must not match everything.
    { rule: { priority: 1, field: 'utmMedium', match: 'contains', value: 'cpc,,', source: 'paid', confidence: 'medium' }, value: 'email', hit: false },
  ])('$rule.match "$rule.value" on "$value" -> $hit', ({ rule, value, hit }) => {
    const result = classifyTrafficSource({ [rule.field]: value }, [rule]);
    expect(result.rule === rule).toBe(hit);
    expect(result.trafficSource).toBe(hit ? rule.source : FALLBACK_SOURCE);
  });

  it('does not reorder or change the rules it is given', () => {
    const rules = Object.freeze([GOOGLE_GCLID, ...DEFAULT_TRAFFIC_RULES, GOOGLE_UTM].map((r) => Object.freeze({ ...r })));
    const before = JSON.stringify(rules);
    classifyTrafficSource({ gclid: 'g', utmSource: 'google' }, rules);
    expect(JSON.stringify(rules)).toBe(before);
  });
});
