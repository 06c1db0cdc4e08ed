// Name tidying: collapse white space, and fix the case of names typed in all-lower or all-upper
// case. Names with deliberate mixed case ("McDonald", "van der Berg") are left as typed.

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'st.', 'bin', 'al']);

function titleWord(word: string, index: number): string {
  const lower = word.toLowerCase();
  if (index > 0 && PARTICLES.has(lower)) return lower;
  // Each hyphenated part on its own: "smith-mcdonald" -> "Smith-McDonald".
  return lower.split('-').map(titlePart).join('-');
}

/** "o'brien" -> "O'Brien", "mcdonald" -> "McDonald". */
function titlePart(part: string): string {
  const out = part.replace(/(^|['’])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  return /^mc\p{L}/u.test(part) ? `Mc${out.charAt(2).toUpperCase()}${out.slice(3)}` : out;
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

/**
 * "Smith, John" and "John Smith" -> {John, Smith}; "john van der berg" -> {John, van der Berg}.
 * Case is fixed only for input typed in one case; "Eddie Van Halen" keeps its capital "Van".
 */
export function splitFullName(input: string | null | undefined): SplitName {
  const full = (input ?? '').replace(/\s+/g, ' ').trim();
  if (full === '') return { firstName: '', lastName: '' };
  const comma = full.indexOf(',');
  if (comma >= 0) {
    return { lastName: tidyName(full.slice(0, comma)), firstName: tidyName(full.slice(comma + 1)) };
  }
  const parts = full.split(' ');
  if (parts.length === 1) return { firstName: tidyName(parts[0]), lastName: '' };
  let lastStart = parts.length - 1;
  while (lastStart > 1 && PARTICLES.has((parts[lastStart - 1] ?? '').toLowerCase())) lastStart--;
  const singleCase = full === full.toLowerCase() || full === full.toUpperCase();
  const first = parts.slice(0, lastStart).join(' ');
  const last = parts.slice(lastStart);
  return {
    firstName: tidyName(first),
    // Particles inside a last name stay lower case ("van der Berg") when we are fixing case at all.
    lastName: singleCase ? last.map((w, i) => (i < last.length - 1 && PARTICLES.has(w.toLowerCase()) ? w.toLowerCase() : tidyName(w))).join(' ') : last.join(' '),
  };
}

export function displayName(firstName: string, lastName: string, fallback = ''): string {
  const name = `${firstName} ${lastName}`.trim();
  return name === '' ? fallback : name;
}
