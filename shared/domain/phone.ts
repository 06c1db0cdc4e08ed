// Phone normalization to E.164. Invalid input is never dropped: the raw text is kept and flagged
// with a reason, so an SDR can still read and fix it.
import { getCountries, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';

export type PhoneStatus = 'valid' | 'invalid' | 'ambiguous' | 'empty';

export interface NormalizedPhone {
  status: PhoneStatus;
  /** E.164 when valid; otherwise the trimmed raw input (kept, never dropped). */
  value: string;
  /** What the user typed, trimmed. */
  raw: string;
  /** For ambiguous numbers: the E.164 reading we would guess, for a human to confirm. */
  suggestion?: string;
  /** Why the number is not valid, in words a user can act on. */
  reason?: string;
  country?: string;
  extension?: string;
}

const LENGTH_REASONS: Record<string, string> = {
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'wrong number of digits',
  INVALID_COUNTRY: 'unknown country code',
  NOT_A_NUMBER: 'not a phone number',
};

const COUNTRIES = new Set<string>(getCountries());
export function isCountryCode(value: string): value is CountryCode {
  return COUNTRIES.has(value);
}

export function normalizePhone(input: string | null | undefined, defaultCountry: string = 'US'): NormalizedPhone {
  const raw = (input ?? '').trim();
  if (raw === '') return { status: 'empty', value: '', raw: '' };
  const country = defaultCountry.toUpperCase() as CountryCode;
  // NFKC turns full-width digits and plus signs (common in pasted East Asian text) into ASCII.
  const text = raw.normalize('NFKC');
  const digits = text.replace(/\D/g, '');
  if (digits.length === 0) {
    return { status: 'invalid', value: raw, raw, reason: 'not a phone number (no digits)' };
  }

  const parsed = parsePhoneNumberFromString(text, { defaultCountry: country });
  if (parsed?.isValid()) {
    return {
      status: 'valid',
      value: parsed.number,
      raw,
      country: parsed.country,
      ...(parsed.ext ? { extension: parsed.ext } : {}),
    };
  }

  // Exports often drop the leading "+" of foreign numbers ("447911123456"). Reading them as
  // international is a guess, so it is flagged as ambiguous with the guess shown, not applied.
  if (!text.startsWith('+') && digits.length >= 11) {
    const international = parsePhoneNumberFromString(`+${digits}`);
    if (international?.isValid()) {
      return {
        status: 'ambiguous',
        value: raw,
        raw,
        suggestion: international.number,
        reason: `not a valid ${country} number; it may be ${international.number} (${international.country ?? 'international'}) missing its "+"`,
      };
    }
  }

  const lengthIssue = validatePhoneNumberLength(text, { defaultCountry: country });
  if (lengthIssue) {
    const why = LENGTH_REASONS[lengthIssue] ?? 'invalid';
    // An extension ("x12", "ext. 12") is not part of the number's length.
    const mainDigits = text.replace(/\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i, '').replace(/\D/g, '');
    const hint = lengthIssue === 'TOO_SHORT' && country === 'US' && mainDigits.length === 7 ? ' (missing area code)' : '';
    return { status: 'invalid', value: raw, raw, reason: `${why} for a ${country} number${hint}` };
  }
  return {
    status: 'invalid',
    value: raw,
    raw,
    reason: `not a valid ${parsed?.country ?? country} number (the area code or exchange is not in service)`,
  };
}

/** Digits to index for search: national and international forms, so "(415) 555" and "+1415" both match. */
export function phoneSearchTokens(e164OrRaw: string): string[] {
  const digits = e164OrRaw.replace(/\D/g, '');
  if (digits.length === 0) return [];
  const tokens = new Set<string>([digits]);
  if (e164OrRaw.startsWith('+1') && digits.length === 11) tokens.add(digits.slice(1));
  return [...tokens];
}

/** Format for display: US numbers as "(415) 555-0123", others internationally; invalid ones as typed. */
export function formatPhone(value: string): string {
  if (!value.startsWith('+')) return value;
  const parsed = parsePhoneNumberFromString(value);
  // Only valid numbers are re-spaced; anything else is shown exactly as it was typed.
  if (!parsed?.isValid()) return value;
  return parsed.country === 'US' ? parsed.formatNational() : parsed.formatInternational();
}
