// Turns what a user types in a quick-search box into an FTS5 query over the leads index
// (name, email, phone digits, contact code). Every term is a prefix match and all must match.

const PHONEISH = /^[\d\s().+-]+$/;

/** Returns null when the input holds nothing searchable. */
export function toFtsQuery(input: string): string | null {
  const terms: string[] = [];
  for (const word of input.trim().split(/\s+/)) {
    if (word === '') continue;
    const digits = word.replace(/\D/g, '');
    if (PHONEISH.test(word) && digits.length > 0) {
      terms.push(`"${digits}"*`);
      continue;
    }
    for (const token of word.split(/[^\p{L}\p{N}]+/u)) {
      if (token !== '') terms.push(`"${token.toLowerCase()}"*`);
    }
  }
  // A phone typed with spaces ("415 555 0123") arrives as several digit terms; the index holds the
  // digits as one token, so join consecutive digit groups into one prefix.
  const merged: string[] = [];
  for (const term of terms) {
    const prev = merged[merged.length - 1];
    if (prev && /^"\d+"\*$/.test(prev) && /^"\d+"\*$/.test(term) && looksLikeOnePhone(input)) {
      merged[merged.length - 1] = `"${prev.slice(1, -2)}${term.slice(1, -2)}"*`;
    } else {
      merged.push(term);
    }
  }
  return merged.length === 0 ? null : merged.join(' AND ');
}

/** Input made only of digits and phone punctuation is one (partial) phone number, however spaced. */
function looksLikeOnePhone(input: string): boolean {
  return PHONEISH.test(input.trim());
}
