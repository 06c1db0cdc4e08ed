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

/** "Smith, John" and "John Smith" -> {John, Smith}; "John van der Berg" -> {John, van der Berg}. Each part is tidied on its own. */
export function splitFullName(input: string | null | undefined): SplitName {
  const full = (input ?? '').replace(/\s+/g, ' ').trim();
  if (full === '') return { firstName: '', lastName: '' };
  const comma = full.indexOf(',');
  if (comma > 0) {
    return { lastName: tidyName(full.slice(0, comma)), firstName: tidyName(full.slice(comma + 1)) };
  }
  const parts = full.split(' ');
  if (parts.length === 1) return { firstName: tidyName(parts[0]), lastName: '' };
  let lastStart = parts.length - 1;
  while (lastStart > 1 && PARTICLES.has((parts[lastStart - 1] ?? '').toLowerCase())) lastStart--;
  return { firstName: tidyName(parts.slice(0, lastStart).join(' ')), lastName: tidyLastName(parts.slice(lastStart).join(' ')) };
}

/** A last name split off a full name: particles stay lower case ("van der Berg"), the rest is tidied. */
function tidyLastName(value: string): string {
  const words = value.split(' ');
  if (words.length === 1) return tidyName(value);
  return words.map((w, i) => (i < words.length - 1 && PARTICLES.has(w.toLowerCase()) ? w.toLowerCase() : tidyName(w))).join(' ');
}

export function displayName(firstName: string, lastName: string, fallback = ''): string {
  const name = `${firstName} ${lastName}`.trim();
  return name === '' ? fallback : name;
}
