// Name tidying: collapse white space, and fix the case of names typed in all-lower or all-upper
// case. Names with deliberate mixed case ("McDonald", "van der Berg") are left as typed.

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'st.', 'bin', 'al']);

function titleWord(word: string, index: number): string {
  const lower = word.toLowerCase();
  if (index > 0 && PARTICLES.has(lower)) return lower;
  // Capitalize after hyphens and apostrophes: "o'brien" -> "O'Brien", "smith-jones" -> "Smith-Jones".
  let out = lower.replace(/(^|[-'’])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  if (/^mc\p{L}/u.test(lower)) out = 'Mc' + out.charAt(2).toUpperCase() + out.slice(3);
  return out;
}

export function tidyName(input: string | null | undefined): string {
  const collapsed = (input ?? '').replace(/\s+/g, ' ').trim();
  if (collapsed === '') return '';
  const hasLetters = /\p{L}/u.test(collapsed);
  const isSingleCase = collapsed === collapsed.toLowerCase() || collapsed === collapsed.toUpperCase();
  if (!hasLetters || !isSingleCase) return collapsed;
  return collapsed
    .split(' ')
    .map((w, i) => titleWord(w, i))
    .join(' ');
}

export interface SplitName {
  firstName: string;
  lastName: string;
}

/** "Smith, John" and "John Smith" -> {John, Smith}; "John van der Berg" -> {John, van der Berg}. */
export function splitFullName(input: string | null | undefined): SplitName {
  const full = tidyName(input);
  if (full === '') return { firstName: '', lastName: '' };
  const comma = full.indexOf(',');
  if (comma > 0) {
    return { lastName: full.slice(0, comma).trim(), firstName: full.slice(comma + 1).trim() };
  }
  const parts = full.split(' ');
  if (parts.length === 1) return { firstName: parts[0] ?? '', lastName: '' };
  let lastStart = parts.length - 1;
  while (lastStart > 1 && PARTICLES.has((parts[lastStart - 1] ?? '').toLowerCase())) lastStart--;
  return { firstName: parts.slice(0, lastStart).join(' '), lastName: parts.slice(lastStart).join(' ') };
}

export function displayName(firstName: string, lastName: string, fallback = ''): string {
  const name = `${firstName} ${lastName}`.trim();
  return name === '' ? fallback : name;
}
