// Email normalization: trim, strip a mailto: or <...> wrapper, lowercase. Invalid emails are kept
// (trimmed and lower-cased, never dropped) and flagged with a reason, like phones.

export interface NormalizedEmail {
  value: string;
  valid: boolean;
  reason?: string;
}

const EMAIL_RE = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:.]{2,}$/;

export function normalizeEmail(input: string | null | undefined): NormalizedEmail {
  let value = (input ?? '').trim();
  if (value.startsWith('<') && value.endsWith('>')) value = value.slice(1, -1).trim();
  if (/^mailto:/i.test(value)) value = value.slice(7).split('?')[0]!.trim();
  value = value.toLowerCase();
  if (value === '') return { value: '', valid: false, reason: 'empty' };
  if (!value.includes('@')) return { value, valid: false, reason: 'missing "@"' };
  if (!EMAIL_RE.test(value)) return { value, valid: false, reason: 'not a valid email address' };
  if (value.includes('..')) return { value, valid: false, reason: 'contains ".."' };
  const [local, domain] = value.split('@') as [string, string];
  if (local.startsWith('.') || local.endsWith('.')) return { value, valid: false, reason: 'the part before "@" starts or ends with a dot' };
  if (domain.startsWith('.') || domain.startsWith('-')) return { value, valid: false, reason: 'the domain starts with a dot or dash' };
  return { value, valid: true };
}
