import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../shared/domain/email';

describe('normalizeEmail: valid addresses are trimmed, unwrapped and lower-cased', () => {
  it.each([
    { input: 'jane@example.com', value: 'jane@example.com' },
    { input: '  John.Doe@Example.COM ', value: 'john.doe@example.com' },
    { input: 'JANE@X.IO', value: 'jane@x.io' },
    { input: '\tjane@x.io\n', value: 'jane@x.io' },
    { input: 'mailto:Jane@x.io', value: 'jane@x.io' },
    { input: 'MAILTO:jane@x.io', value: 'jane@x.io' },
    { input: 'MailTo: jane@x.io', value: 'jane@x.io' },
    { input: '<jane@x.io>', value: 'jane@x.io' },
    { input: '< jane@x.io >', value: 'jane@x.io' },
    { input: '<mailto:jane@x.io>', value: 'jane@x.io' },
    { input: '  < mailto:Jane@X.io >  ', value: 'jane@x.io' },
    { input: 'first.last+tag@sub.example.co.uk', value: 'first.last+tag@sub.example.co.uk' },
    { input: "o'brien@x.io", value: "o'brien@x.io" },
    { input: 'jane_doe-1@x-y.io', value: 'jane_doe-1@x-y.io' },
    { input: 'jane@xn--bcher-kva.example', value: 'jane@xn--bcher-kva.example' },
  ])('$input -> $value', ({ input, value }) => {
    expect(normalizeEmail(input)).toEqual({ value, valid: true });
  });

  it('is idempotent', () => {
    const once = normalizeEmail('  <MAILTO:Jane.Doe@Example.com> ');
    expect(normalizeEmail(once.value)).toEqual(once);
  });

  it('has no reason on a valid address', () => {
    expect(normalizeEmail('jane@x.io')).not.toHaveProperty('reason');
  });
});

describe('normalizeEmail: invalid addresses are kept and flagged with a reason', () => {
  it.each([
    { input: '', value: '', reason: 'empty' },
    { input: '   ', value: '', reason: 'empty' },
    { input: null, value: '', reason: 'empty' },
    { input: undefined, value: '', reason: 'empty' },
    { input: '<>', value: '', reason: 'empty' },
    { input: 'mailto:', value: '', reason: 'empty' },
    { input: '<mailto: >', value: '', reason: 'empty' },
    { input: 'jane.x.io', value: 'jane.x.io', reason: 'missing "@"' },
    { input: ' jane at x dot io ', value: 'jane at x dot io', reason: 'missing "@"' },
    { input: 'mailto:jane', value: 'jane', reason: 'missing "@"' },
    { input: 'jane@', value: 'jane@', reason: 'not a valid email address' },
    { input: '@x.io', value: '@x.io', reason: 'not a valid email address' },
    { input: 'jane@x', value: 'jane@x', reason: 'not a valid email address' },
    { input: 'jane@x.c', value: 'jane@x.c', reason: 'not a valid email address' },
    { input: 'jane@x.io.', value: 'jane@x.io.', reason: 'not a valid email address' },
    { input: 'jane@@x.io', value: 'jane@@x.io', reason: 'not a valid email address' },
    { input: 'jane@bob@x.io', value: 'jane@bob@x.io', reason: 'not a valid email address' },
    { input: 'jane doe@x.io', value: 'jane doe@x.io', reason: 'not a valid email address' },
    { input: '"jane"@x.io', value: '"jane"@x.io', reason: 'not a valid email address' },
    { input: 'jane@x.io>', value: 'jane@x.io>', reason: 'not a valid email address' },
    { input: 'Jane <jane@x.io>', value: 'jane <jane@x.io>', reason: 'not a valid email address' },
    { input: 'jane@x.io,bob@x.io', value: 'jane@x.io,bob@x.io', reason: 'not a valid email address' },
    { input: 'jane@x.io;bob@x.io', value: 'jane@x.io;bob@x.io', reason: 'not a valid email address' },
    { input: 'jane@(x).io', value: 'jane@(x).io', reason: 'not a valid email address' },
    { input: 'jane..doe@x.io', value: 'jane..doe@x.io', reason: 'contains ".."' },
    { input: 'jane@x..io', value: 'jane@x..io', reason: 'contains ".."' },
  ])('$input -> $reason', ({ input, value, reason }) => {
    expect(normalizeEmail(input)).toEqual({ value, valid: false, reason });
  });

  it('keeps an invalid address rather than dropping it', () => {
    const result = normalizeEmail('  not-an-email  ');
    expect(result.valid).toBe(false);
    expect(result.value).toBe('not-an-email');
  });

  // Bug: the pattern only rejects "..", so a dot at the start or end of the local part, or at the
  // start of the domain, passes as valid. None of these can be delivered (RFC 5321 dot-string).
  it.each(['.jane@x.io', 'jane.@x.io', 'jane@.x.io'])('%j, with a misplaced dot, is invalid', (input) => {
    const result = normalizeEmail(input);
    expect(result.valid).toBe(false);
    expect(result.value).toBe(input);
    expect(result.reason).toBeTruthy();
  });

  // Bug: a mailto: link copied with its query ("?subject=...") comes out as the valid address
  // "jane@x.io?subject=hi". The query is not part of the address.
  it('drops the query of a mailto: link', () => {
    expect(normalizeEmail('mailto:jane@x.io?subject=Hi')).toEqual({ value: 'jane@x.io', valid: true });
  });
});
