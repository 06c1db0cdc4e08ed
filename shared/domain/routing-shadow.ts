// Rules that can never match (Step 6's rules editor): a rule is shadowed when the active rules tried
// before it, together, take every lead it could take. The test is exact for the patterns routing
// reads, with no guess about what zips look like:
// - A zip is any string (normalizeZip's output), so "100*" also takes "100", "1001" and "100123":
//   only an earlier prefix of it (or an any-zip rule) covers it; ranges and lists never do, even
//   if every 5-digit zip in 10000–10099 is taken. That misses some warnings; it never gives a false one.
// - A range holds only digit strings of its own length, so it is covered by earlier ranges, single
//   zips and digit prefixes whose union contains it, with no gap.
// - A product type is any string: a rule for any type is covered only by earlier any-type rules;
//   one for [solar, roofing] needs every zip covered for solar, and again for roofing.
// Inactive rules are not tried, so they shadow nothing and get no warning.
import { compileZipPattern, orderRules, parseZipPattern, zipPartMatches, type RoutingRule, type ZipPart } from './routing';

export interface ShadowWarning {
  ruleId: string;
  /** The earlier rules that together take its leads, in the order they are tried. */
  shadowedBy: string[];
  message: string;
}

export interface RuleFieldError {
  /** "name", "priority", "productTypes.2", "zipPatterns.0", "targetTeam" */
  field: string;
  message: string;
}

/** What a rule's zips take: null for any zip, else the parts of its readable patterns. */
type Space = ZipPart[] | null;

interface Earlier {
  order: number;
  space: Space;
}

function spaceOf(rule: RoutingRule): { space: Space; patterns: string[] } {
  if (rule.zipPatterns.length === 0) return { space: null, patterns: [] };
  const patterns: string[] = [];
  const space: ZipPart[] = [];
  for (const p of rule.zipPatterns) {
    const parts = parseZipPattern(p);
    if (!Array.isArray(parts)) continue; // Never matches; validateRule reports it.
    patterns.push(p.trim());
    space.push(...parts);
  }
  return { space, patterns };
}

/** Whether one part of an earlier rule takes every zip of `p` on its own. */
function partCovers(q: ZipPart, p: ZipPart): boolean {
  if (p.kind === 'exact') return zipPartMatches(q, p.zip);
  if (p.kind === 'prefix') return q.kind === 'prefix' && p.prefix.startsWith(q.prefix);
  // Same-length digit strings starting with a digit prefix are one block, so both ends decide.
  if (q.kind === 'range') return q.lo.length === p.lo.length && q.lo <= p.lo && p.hi <= q.hi;
  if (q.kind === 'exact') return p.lo === p.hi && q.zip === p.lo;
  return /^\d+$/.test(q.prefix) && q.prefix.length <= p.lo.length && p.lo.startsWith(q.prefix) && p.hi.startsWith(q.prefix);
}

/** The digit strings of `length` a part takes, as one interval, or null when it takes none. */
function interval(q: ZipPart, length: number): [bigint, bigint] | null {
  if (q.kind === 'range') return q.lo.length === length ? [BigInt(q.lo), BigInt(q.hi)] : null;
  if (q.kind === 'exact') return q.zip.length === length && /^\d+$/.test(q.zip) ? [BigInt(q.zip), BigInt(q.zip)] : null;
  if (!/^\d+$/.test(q.prefix) || q.prefix.length > length) return null;
  const rest = length - q.prefix.length;
  return [BigInt(q.prefix + '0'.repeat(rest)), BigInt(q.prefix + '9'.repeat(rest))];
}

/** The earlier rules (try-order indexes) that together take a range, or null if some zip of it is left. */
function unionCovers(range: ZipPart & { kind: 'range' }, earlier: readonly Earlier[]): number[] | null {
  const length = range.lo.length;
  const pieces: { lo: bigint; hi: bigint; order: number }[] = [];
  for (const e of earlier) {
    for (const q of e.space ?? []) {
      const iv = interval(q, length);
      if (iv) pieces.push({ lo: iv[0], hi: iv[1], order: e.order });
    }
  }
  pieces.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  // Greedy cover from the low end: of the pieces that start by `next`, the one reaching furthest.
  const used: number[] = [];
  const hi = BigInt(range.hi);
  let next = BigInt(range.lo);
  let k = 0;
  while (next <= hi) {
    let reach: { hi: bigint; order: number } | null = null;
    for (; k < pieces.length && pieces[k]!.lo <= next; k++) if (!reach || pieces[k]!.hi > reach.hi) reach = pieces[k]!;
    if (!reach || reach.hi < next) return null;
    used.push(reach.order);
    next = reach.hi + 1n;
  }
  return used;
}

/** The earlier rules that together take every zip of `space`, or null if some zip is left. */
function covers(space: Space, earlier: readonly Earlier[]): number[] | null {
  const anyZip = earlier.find((e) => e.space === null);
  if (space === null) return anyZip ? [anyZip.order] : null;
  const used: number[] = [];
  for (const p of space) {
    const alone = earlier.find((e) => e.space === null || e.space.some((q) => partCovers(q, p)));
    if (alone) used.push(alone.order);
    else {
      const union = p.kind === 'range' ? unionCovers(p, earlier) : null;
      if (!union) return null;
      used.push(...union);
    }
  }
  return used;
}

function describe(rule: RoutingRule, patterns: readonly string[], by: readonly RoutingRule[]): string {
  const named = by.map((r) => `'${r.name}' (priority ${r.priority})`);
  const shown = named.length <= 3 ? named : [...named.slice(0, 2), `${named.length - 2} more rules`];
  const who = shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
  const types = [...new Set(rule.productTypes)];
  const what = `every ${types.length ? `${types.join(' and ')} ` : ''}lead${patterns.length ? ` in ${patterns.join(', ')}` : ''}`;
  return `Never matches: ${who} already ${by.length === 1 ? 'takes' : 'take'} ${what}`;
}

/** Each active rule that earlier active rules leave no lead for, with the rules that take them. */
export function shadowedRules(rules: readonly RoutingRule[]): ShadowWarning[] {
  const active = orderRules(rules).filter((r) => r.isActive);
  const spaces = active.map(spaceOf);
  const warnings: ShadowWarning[] = [];
  active.forEach((rule, i) => {
    const { space, patterns } = spaces[i]!;
    // A rule whose every pattern is unreadable takes nothing; that is validateRule's to say.
    if (space !== null && space.length === 0) return;
    const types = rule.productTypes.length ? [...new Set(rule.productTypes)] : [null];
    const used = new Set<number>();
    for (const type of types) {
      const earlier = active.slice(0, i).flatMap((r, order): Earlier[] =>
        r.productTypes.length === 0 || (type !== null && r.productTypes.includes(type)) ? [{ order, space: spaces[order]!.space }] : [],
      );
      const by = covers(space, earlier);
      if (!by) return;
      for (const order of by) used.add(order);
    }
    const by = [...used].sort((a, b) => a - b).map((order) => active[order]!);
    warnings.push({ ruleId: rule.id, shadowedBy: by.map((r) => r.id), message: describe(rule, patterns, by) });
  });
  return warnings;
}

/** What is wrong with a rule's fields, each error naming its field; empty when the rule is fine. */
export function validateRule(rule: Pick<RoutingRule, 'name' | 'productTypes' | 'zipPatterns' | 'priority' | 'targetTeam'>): RuleFieldError[] {
  const errors: RuleFieldError[] = [];
  if (rule.name.trim() === '') errors.push({ field: 'name', message: 'give the rule a name' });
  if (!Number.isInteger(rule.priority)) errors.push({ field: 'priority', message: 'must be a whole number' });
  else if (rule.priority < 0 || rule.priority > 100_000) errors.push({ field: 'priority', message: 'must be between 0 and 100,000' });
  const seen = new Set<string>();
  rule.productTypes.forEach((type, i) => {
    if (type.trim() === '') errors.push({ field: `productTypes.${i}`, message: 'empty product type' });
    else if (seen.has(type)) errors.push({ field: `productTypes.${i}`, message: `"${type}" is listed twice` });
    seen.add(type);
  });
  rule.zipPatterns.forEach((pattern, i) => {
    const t = compileZipPattern(pattern);
    if (typeof t !== 'function') errors.push({ field: `zipPatterns.${i}`, message: t.error });
  });
  if (rule.targetTeam !== null && rule.targetTeam.trim() === '') errors.push({ field: 'targetTeam', message: 'name a team, or leave it empty for every rep' });
  return errors;
}
