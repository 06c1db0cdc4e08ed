// Turns what a user types in a quick-search box into an FTS5 query over the leads index
// (name, email, phone digits, contact code). Every term is a prefix match and all must match.
// Only letters and digits from the input reach the query, always inside quotes, so nothing a
// user types can act as FTS syntax.

const PHONEISH = /^[\d\s().+-]+$/;

/** Returns null when the input holds nothing searchable. */
export function toFtsQuery(input: string): string | null {
  const terms: string[] = [];
  // A phone typed with spaces ("415 867 5309") arrives as several words; the index holds its
  // digits as one token, so a run of consecutive phone-like words becomes one digit prefix.
  let digitRun = '';
  const flush = () => {
    if (digitRun !== '') terms.push(`"${digitRun}"*`);
    digitRun = '';
  };
  for (const word of input.normalize('NFKC').trim().split(/\s+/)) {
    if (word === '') continue;
    const digits = word.replace(/\D/g, '');
    if (PHONEISH.test(word)) {
      digitRun += digits;
      continue;
    }
    flush();
    for (const token of word.split(/[^\p{L}\p{N}]+/u)) {
      if (token !== '') terms.push(`"${token.toLowerCase()}"*`);
    }
  }
  flush();
  return terms.length === 0 ? null : terms.join(' AND ');
}
