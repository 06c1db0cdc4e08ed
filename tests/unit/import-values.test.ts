import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileValueMap,
  createDateParser,
  createEnumMapper,
  detectDateFormat,
  detectDecimalSeparator,
  parseBoolean,
  parseDateValue,
  parseDuration,
  parseInteger,
  parseMoney,
  personName,
  type DateFormat,
} from '../../shared/domain/import-values';

const NY = 'America/New_York';
const datetime = (value: string, format: DateFormat, timeZone = NY) => parseDateValue(value, { format, timeZone, kind: 'datetime' });
const dateOnly = (value: string, format: DateFormat, timeZone = NY) => parseDateValue(value, { format, timeZone, kind: 'date' });

describe('dates: every supported shape, as a UTC instant (local times in New York)', () => {
  it.each([
    // ISO and year-first
    { value: '2026-03-05', format: 'iso', utc: '2026-03-05T05:00:00.000Z' },
    { value: '2026-03-05T14:30:00Z', format: 'iso', utc: '2026-03-05T14:30:00.000Z' },
    { value: '2026-03-05T14:30:00.123Z', format: 'iso', utc: '2026-03-05T14:30:00.123Z' },
    { value: '2026-03-05T14:30:00.5Z', format: 'iso', utc: '2026-03-05T14:30:00.500Z' },
    { value: '2026-03-05T14:30:00+05:30', format: 'iso', utc: '2026-03-05T09:00:00.000Z' },
    { value: '2026-03-05T14:30:00-0800', format: 'iso', utc: '2026-03-05T22:30:00.000Z' },
    { value: '2026-03-05T14:30+01', format: 'iso', utc: '2026-03-05T13:30:00.000Z' },
    { value: '2026-03-05 14:30:00 UTC', format: 'iso', utc: '2026-03-05T14:30:00.000Z' },
    { value: '2026-03-05 14:30', format: 'iso', utc: '2026-03-05T19:30:00.000Z' },
    { value: '2026-03-05 14:30:15', format: 'iso', utc: '2026-03-05T19:30:15.000Z' },
    { value: '2026-03-05T14:30:15', format: 'iso', utc: '2026-03-05T19:30:15.000Z' },
    { value: '2026-3-5 2:30 PM', format: 'iso', utc: '2026-03-05T19:30:00.000Z' },
    { value: '2026/03/05', format: 'ymd', utc: '2026-03-05T05:00:00.000Z' },
    { value: '2026.03.05 08:00', format: 'ymd', utc: '2026-03-05T13:00:00.000Z' },
    { value: ' 2026-07-01 ', format: 'iso', utc: '2026-07-01T04:00:00.000Z' },
    // US, month first
    { value: '03/05/2026', format: 'mdy', utc: '2026-03-05T05:00:00.000Z' },
    { value: '3/5/26', format: 'mdy', utc: '2026-03-05T05:00:00.000Z' },
    { value: '3/5/99', format: 'mdy', utc: '1999-03-05T05:00:00.000Z' },
    { value: '03/05/2026 2:30 PM', format: 'mdy', utc: '2026-03-05T19:30:00.000Z' },
    { value: '03/05/2026 2:30:45 pm', format: 'mdy', utc: '2026-03-05T19:30:45.000Z' },
    { value: '03/05/2026 12:05 AM', format: 'mdy', utc: '2026-03-05T05:05:00.000Z' },
    { value: '03/05/2026 12:05 PM', format: 'mdy', utc: '2026-03-05T17:05:00.000Z' },
    { value: '03/05/2026 14:30', format: 'mdy', utc: '2026-03-05T19:30:00.000Z' },
    { value: '03-05-2026', format: 'mdy', utc: '2026-03-05T05:00:00.000Z' },
    // European, day first
    { value: '05/03/2026', format: 'dmy', utc: '2026-03-05T05:00:00.000Z' },
    { value: '05.03.2026', format: 'dmy', utc: '2026-03-05T05:00:00.000Z' },
    { value: '5.3.26 14:30', format: 'dmy', utc: '2026-03-05T19:30:00.000Z' },
    // Month names
    { value: 'Mar 5, 2026', format: 'text-month', utc: '2026-03-05T05:00:00.000Z' },
    { value: 'Mar. 5 2026', format: 'text-month', utc: '2026-03-05T05:00:00.000Z' },
    { value: '5 Mar 2026', format: 'text-month', utc: '2026-03-05T05:00:00.000Z' },
    { value: '05-Mar-26', format: 'text-month', utc: '2026-03-05T05:00:00.000Z' },
    { value: '5th March 2026', format: 'text-month', utc: '2026-03-05T05:00:00.000Z' },
    { value: 'March 5, 2026 2:30pm', format: 'text-month', utc: '2026-03-05T19:30:00.000Z' },
    { value: 'March 5, 2026 at 2:30 p.m.', format: 'text-month', utc: '2026-03-05T19:30:00.000Z' },
    { value: 'Thursday, March 5, 2026', format: 'text-month', utc: '2026-03-05T05:00:00.000Z' },
    { value: 'sept 30, 2026 9am', format: 'text-month', utc: '2026-09-30T13:00:00.000Z' },
    { value: 'DECEMBER 31, 2026 11:59 PM', format: 'text-month', utc: '2027-01-01T04:59:00.000Z' },
    // Excel serials (local wall time)
    { value: '46086', format: 'excel', utc: '2026-03-05T05:00:00.000Z' },
    { value: '46086.5', format: 'excel', utc: '2026-03-05T17:00:00.000Z' },
    { value: '46086.604166667', format: 'excel', utc: '2026-03-05T19:30:00.000Z' },
    // A column's format does not stop other unambiguous shapes from reading.
    { value: '2026-03-05', format: 'mdy', utc: '2026-03-05T05:00:00.000Z' },
    { value: 'Mar 5, 2026', format: 'dmy', utc: '2026-03-05T05:00:00.000Z' },
    { value: '2026-03-05', format: 'excel', utc: '2026-03-05T05:00:00.000Z' },
  ] as const)('$value ($format) -> $utc', ({ value, format, utc }) => {
    expect(datetime(value, format)).toEqual({ ok: true, value: utc });
  });

  it.each([
    { value: '2026-03-05', utc: '2026-03-05T00:00:00.000Z', zone: 'UTC' },
    { value: '2026-03-05 09:00', utc: '2026-03-05T00:00:00.000Z', zone: 'Asia/Tokyo' },
    { value: '2026-07-05 09:00', utc: '2026-07-04T23:00:00.000Z', zone: 'Australia/Sydney' },
    { value: '2026-07-05 09:00', utc: '2026-07-05T03:30:00.000Z', zone: 'Asia/Kolkata' },
    { value: '2026-07-05 09:00', utc: '2026-07-05T08:00:00.000Z', zone: 'Europe/London' },
  ])('$value in $zone -> $utc', ({ value, utc, zone }) => {
    expect(datetime(value, 'iso', zone)).toEqual({ ok: true, value: utc });
  });

  it.each([
    { value: '2026-03-05', format: 'iso', day: '2026-03-05' },
    { value: '2026-03-05T23:30:00-05:00', format: 'iso', day: '2026-03-05' },
    { value: '2026-03-05T00:00:00Z', format: 'iso', day: '2026-03-05' },
    { value: '3/5/26 11:59 PM', format: 'mdy', day: '2026-03-05' },
    { value: '05.03.2026', format: 'dmy', day: '2026-03-05' },
    { value: '46086.99', format: 'excel', day: '2026-03-05' },
    { value: '5 Mar 2026', format: 'text-month', day: '2026-03-05' },
  ] as const)('date fields keep the written day: $value -> $day', ({ value, format, day }) => {
    expect(dateOnly(value, format)).toEqual({ ok: true, value: day });
  });

  it('empty cells are null, not errors', () => {
    expect(datetime('', 'iso')).toEqual({ ok: true, value: null });
    expect(datetime('   ', 'mdy')).toEqual({ ok: true, value: null });
  });
});

describe('dates around daylight-saving changes in New York', () => {
  it.each([
    // 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT (07:00 UTC).
    { local: '2026-03-08 01:59', utc: '2026-03-08T06:59:00.000Z', why: 'last EST minute' },
    { local: '2026-03-08 02:00', utc: '2026-03-08T07:00:00.000Z', why: 'the gap starts: moved forward to 03:00 EDT' },
    { local: '2026-03-08 02:30', utc: '2026-03-08T07:30:00.000Z', why: 'inside the gap: moved forward to 03:30 EDT' },
    { local: '2026-03-08 03:00', utc: '2026-03-08T07:00:00.000Z', why: 'first EDT minute' },
    { local: '2026-03-08 12:00', utc: '2026-03-08T16:00:00.000Z', why: 'noon of the change day is EDT' },
    { local: '2026-03-07 12:00', utc: '2026-03-07T17:00:00.000Z', why: 'the day before is EST' },
    // 2026-11-01: clocks fall back from 02:00 EDT to 01:00 EST (06:00 UTC).
    { local: '2026-11-01 00:59', utc: '2026-11-01T04:59:00.000Z', why: 'before the repeated hour' },
    { local: '2026-11-01 01:00', utc: '2026-11-01T05:00:00.000Z', why: 'repeated hour: the first (EDT) is taken' },
    { local: '2026-11-01 01:30', utc: '2026-11-01T05:30:00.000Z', why: 'repeated hour: the first (EDT) is taken' },
    { local: '2026-11-01 02:00', utc: '2026-11-01T07:00:00.000Z', why: 'after the repeated hour: EST' },
    { local: '2026-11-01 12:00', utc: '2026-11-01T17:00:00.000Z', why: 'noon of the change day is EST' },
    { local: '11/01/2026 1:30 AM', utc: '2026-11-01T05:30:00.000Z', why: 'the same in US format' },
    { local: '2026-11-01T01:30:00-05:00', utc: '2026-11-01T06:30:00.000Z', why: 'an explicit offset picks the second 01:30' },
  ])('$local -> $utc ($why)', ({ local, utc }) => {
    expect(datetime(local, local.includes('/') ? 'mdy' : 'iso')).toEqual({ ok: true, value: utc });
  });

  it('one parser gives the same answers as fresh ones across a whole year of hours', () => {
    const parse = createDateParser({ format: 'iso', timeZone: NY, kind: 'datetime' });
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000 + 60_000) {
      const local = new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
      expect(parse(local)).toEqual(datetime(local, 'iso'));
    }
  });

  it('each local time that exists comes back to itself in New York', () => {
    const parse = createDateParser({ format: 'iso', timeZone: NY, kind: 'datetime' });
    const shown = new Intl.DateTimeFormat('sv-SE', { timeZone: NY, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2040, 0, 1) / 60_000 }), (minute) => {
        const local = shown.format(new Date(minute * 60_000));
        const result = parse(local);
        expect(result.ok && shown.format(new Date(result.value!))).toBe(local);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('impossible dates are refused, naming the value', () => {
  it.each([
    { value: '2026-02-30', format: 'iso', reason: "'2026-02-30' is not a real date: February 2026 has 28 days" },
    { value: '2025-02-29', format: 'iso', reason: "'2025-02-29' is not a real date: February 2025 has 28 days" },
    { value: '2026-04-31', format: 'iso', reason: "'2026-04-31' is not a real date: April 2026 has 30 days" },
    { value: '2026-13-01', format: 'iso', reason: "'2026-13-01' has no month 13" },
    { value: '2026-00-10', format: 'iso', reason: "'2026-00-10' has no month 0" },
    { value: '02/30/2026', format: 'mdy', reason: "'02/30/2026' is not a real date: February 2026 has 28 days" },
    { value: '13/05/2026', format: 'mdy', reason: "'13/05/2026' has no month 13" },
    { value: '30.02.2026', format: 'dmy', reason: "'30.02.2026' is not a real date: February 2026 has 28 days" },
    { value: 'Feb 30, 2026', format: 'text-month', reason: "'Feb 30, 2026' is not a real date: February 2026 has 28 days" },
    { value: 'Smarch 5, 2026', format: 'text-month', reason: "'Smarch 5, 2026' has an unknown month 'Smarch'" },
    { value: '2026-03-05 25:00', format: 'iso', reason: "'2026-03-05 25:00' has an impossible time of day" },
    { value: '2026-03-05 12:60', format: 'iso', reason: "'2026-03-05 12:60' has an impossible time of day" },
    { value: '03/05/2026 13:30 PM', format: 'mdy', reason: "'03/05/2026 13:30 PM' has hour 13 with AM/PM" },
    { value: '2026-03-05 14', format: 'iso', reason: "'2026-03-05 14' has an hour without minutes" },
    { value: '2026-03-05T10:00+15:00', format: 'iso', reason: "'2026-03-05T10:00+15:00' has an impossible UTC offset +15:00" },
    { value: 'next tuesday', format: 'iso', reason: "'next tuesday' is not a date" },
    { value: '46086', format: 'iso', reason: "'46086' is a number, not a date (numbers are read as Excel dates only when the whole column is)" },
    { value: '123', format: 'excel', reason: "'123' is outside the Excel dates read here (1950 to 2100)" },
    { value: '0099-01-01', format: 'iso', reason: "'0099-01-01' has year 99" },
  ] as const)('$value', ({ value, format, reason }) => {
    expect(datetime(value, format)).toEqual({ ok: false, reason });
  });

  it('accepts real leap days', () => {
    expect(dateOnly('2024-02-29', 'iso')).toEqual({ ok: true, value: '2024-02-29' });
    expect(dateOnly('02/29/2000', 'mdy')).toEqual({ ok: true, value: '2000-02-29' });
    expect(dateOnly('2100-02-29', 'iso').ok).toBe(false);
  });
});

describe('detectDateFormat decides a whole column', () => {
  it.each([
    { samples: ['2026-03-05', '2026-12-01T10:00:00Z'], format: 'iso', assumed: false },
    { samples: ['2026/03/05', '2026/12/01'], format: 'ymd', assumed: false },
    { samples: ['03/05/2026', '12/01/2026', '25/03/2026'], format: 'dmy', assumed: false, reason: /'25\/03\/2026' can only be day first/ },
    { samples: ['03/05/2026', '03/25/2026'], format: 'mdy', assumed: false, reason: /'03\/25\/2026' can only be month first/ },
    { samples: ['3/5/26 2:30 PM', '1/2/26'], format: 'mdy', assumed: true, reason: /fits both orders.*month first/ },
    { samples: ['05.03.2026', '01.02.2026'], format: 'dmy', assumed: true, reason: /European/ },
    { samples: ['25/03/2026', '03/25/2026', '26/03/2026'], format: 'dmy', assumed: true, reason: /Some dates are day first/ },
    { samples: ['Mar 5, 2026', '5 April 2026'], format: 'text-month', assumed: false },
    { samples: ['46086', '46087.25', '45000'], format: 'excel', assumed: true, reason: /Excel serial dates/ },
    { samples: ['1', '2', '3'], format: 'excel', assumed: true, reason: /may not be dates/ },
    { samples: ['', '  '], format: 'iso', assumed: true, reason: /empty/ },
    { samples: ['soon', 'later'], format: 'iso', assumed: true, reason: /No value looks like a date/ },
    { samples: ['2026-03-05', '2026-03-06', '03/07/2026'], format: 'iso', assumed: false, reason: /2 of 3 values/ },
  ] as const)('$samples -> $format', ({ samples, format, assumed, ...rest }) => {
    const guess = detectDateFormat(samples);
    expect(guess).toMatchObject({ format, assumed });
    if ('reason' in rest && rest.reason) expect(guess.reason).toMatch(rest.reason);
  });

  it('a workspace that writes day first can say so for columns that fit both', () => {
    expect(detectDateFormat(['03/05/2026'], { prefer: 'dmy' })).toMatchObject({ format: 'dmy', assumed: true });
    expect(detectDateFormat(['03/25/2026'], { prefer: 'dmy' })).toMatchObject({ format: 'mdy', assumed: false });
  });
});

describe('money: exact integer cents and the written currency', () => {
  it.each([
    { value: '19.99', cents: 1999, currency: null },
    { value: '0.1', cents: 10, currency: null },
    { value: '0.2', cents: 20, currency: null },
    { value: '0.29', cents: 29, currency: null },
    { value: '1.005', reason: "'1.005' has more than two decimal places; if '.' separates thousands in this column, set its decimal separator to ','" },
    { value: '4.35', cents: 435, currency: null },
    { value: '1234', cents: 123400, currency: null },
    { value: '12.', cents: 1200, currency: null },
    { value: '.50', cents: 50, currency: null },
    { value: '12.500', cents: 1250, currency: null },
    { value: '$1,234.50', cents: 123450, currency: 'USD' },
    { value: '$ 1,234,567.89', cents: 123456789, currency: 'USD' },
    { value: 'US$12', cents: 1200, currency: 'USD' },
    { value: '€12', cents: 1200, currency: 'EUR' },
    { value: '£3.50', cents: 350, currency: 'GBP' },
    { value: 'A$5', cents: 500, currency: 'AUD' },
    { value: 'CA$7.25', cents: 725, currency: 'CAD' },
    { value: 'USD 12', cents: 1200, currency: 'USD' },
    { value: 'usd12', cents: 1200, currency: 'USD' },
    { value: '12.00 EUR', cents: 1200, currency: 'EUR' },
    { value: '1.234,50 €', cents: 123450, currency: 'EUR' },
    { value: '1 234,50 €', cents: 123450, currency: 'EUR' },
    { value: '1\u00a0234,50\u00a0€', cents: 123450, currency: 'EUR' },
    { value: "CHF 1'234.50", cents: 123450, currency: 'CHF' },
    { value: '12,50', cents: 1250, currency: null },
    { value: '1,234', cents: 123400, currency: null },
    { value: '1,23,456.00', cents: 12345600, currency: null },
    { value: '(12.00)', cents: -1200, currency: null },
    { value: '($12.00)', cents: -1200, currency: 'USD' },
    { value: '-12.00', cents: -1200, currency: null },
    { value: '−12.00', cents: -1200, currency: null },
    { value: '-$12.00', cents: -1200, currency: 'USD' },
    { value: '$-12.00', cents: -1200, currency: 'USD' },
    { value: '12.00-', cents: -1200, currency: null },
    { value: '-0.00', cents: 0, currency: null },
    { value: '999999999999.99', cents: 99999999999999, currency: null },
    { value: '', cents: null, currency: null },
    { value: '   ', cents: null, currency: null },
    { value: '12.345.67', reason: "'12.345.67' is not an amount: its digits are not grouped in thousands" },
    { value: '1,2345.00', reason: "'1,2345.00' is not an amount: its digits are not grouped in thousands" },
    { value: 'abc', reason: "'abc' is not an amount" },
    { value: '$', reason: "'$' is not an amount" },
    { value: '12 XYZ', reason: "'12 XYZ' has an unknown currency 'XYZ'" },
    { value: 'ZZ$12', reason: "'ZZ$12' has an unknown currency 'ZZ$'" },
    { value: 'USD 12 EUR', reason: "'USD 12 EUR' names two currencies, USD and EUR" },
    { value: '--12', reason: "'--12' has more than one minus sign" },
    { value: '(-12)', reason: "'(-12)' has more than one minus sign" },
    { value: '12.34.56,00', reason: "'12.34.56,00' is not an amount: its digits are not grouped in thousands" },
    { value: '1.2,3', reason: "'1.2,3' is not an amount: its digits are not grouped in thousands" },
    { value: '12,34,5', reason: "'12,34,5' is not an amount: its digits are not grouped in thousands" },
    { value: '1234567890123456', reason: "'1234567890123456' is too large an amount" },
  ])('$value', ({ value, ...want }) => {
    const result = parseMoney(value);
    if ('reason' in want) expect(result).toEqual({ ok: false, reason: want.reason });
    else expect(result).toEqual({ ok: true, value: want.cents, currency: want.currency });
  });

  it.each([
    { value: '12,50', decimal: ',', cents: 1250 },
    { value: '1.234', decimal: ',', cents: 123400 },
    { value: '1.234.567,8', decimal: ',', cents: 123456780 },
    { value: '1 234', decimal: ',', cents: 123400 },
    { value: '1,234', decimal: '.', cents: 123400 },
    { value: '12,5', decimal: '.', reason: "'12,5' is not an amount: its digits are not grouped in thousands" },
    { value: '1.234,5', decimal: '.', reason: "'1.234,5' is not an amount" },
    { value: '1,2,3', decimal: ',', reason: "'1,2,3' has more than one decimal separator ','" },
  ] as const)("$value with the column's decimal '$decimal'", ({ value, decimal, ...want }) => {
    const result = parseMoney(value, { decimal });
    if ('reason' in want) expect(result).toEqual({ ok: false, reason: want.reason });
    else expect(result).toMatchObject({ ok: true, value: want.cents });
  });

  it('cents are exact for every amount up to ten billion, in US and European writing', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }), (cents) => {
        const units = Math.trunc(Math.abs(cents) / 100);
        const frac = String(Math.abs(cents) % 100).padStart(2, '0');
        const sign = cents < 0 ? '-' : '';
        expect(parseMoney(`${sign}${units}.${frac}`)).toEqual({ ok: true, value: cents, currency: null });
        expect(parseMoney(`${sign}$${units.toLocaleString('en-US')}.${frac}`)).toEqual({ ok: true, value: cents, currency: 'USD' });
        expect(parseMoney(`${sign}${units.toLocaleString('de-DE')},${frac} €`, { decimal: ',' })).toEqual({ ok: true, value: cents, currency: 'EUR' });
      }),
      { numRuns: 3000 },
    );
  });

  it('adding parsed cents is exact where floats are not', () => {
    const sum = ['0.1', '0.2', '0.3', '19.99', '0.01'].map((v) => parseMoney(v)).reduce((t, r) => t + (r.ok ? r.value! : 0), 0);
    expect(sum).toBe(2060);
    expect(0.1 + 0.2).not.toBe(0.3);
  });
});

describe('detectDecimalSeparator decides a whole column', () => {
  it.each([
    { samples: ['12.50', '3.99'], separator: '.', assumed: false },
    { samples: ['1,234.50', '99'], separator: '.', assumed: false },
    { samples: ['12,50', '3,99'], separator: ',', assumed: false, reason: /'12,50' uses a decimal comma/ },
    { samples: ['1.234,50 €', '10'], separator: ',', assumed: false },
    { samples: ['1.234.567', '12'], separator: ',', assumed: false },
    { samples: ['1,234', '5,678'], separator: '.', assumed: true, reason: /assumed/ },
    { samples: ['1.234', '5.678'], separator: '.', assumed: true },
    { samples: ['12', '400'], separator: '.', assumed: true },
    { samples: [], separator: '.', assumed: true },
    { samples: ['12,50', '3,99', '7.25'], separator: ',', assumed: true, reason: /though '7.25'/ },
  ] as const)('$samples -> $separator', ({ samples, separator, assumed, ...rest }) => {
    const guess = detectDecimalSeparator(samples);
    expect(guess).toMatchObject({ separator, assumed });
    if ('reason' in rest && rest.reason) expect(guess.reason).toMatch(rest.reason);
  });
});

describe('whole numbers, durations and yes/no', () => {
  it.each([
    { value: '3', result: { ok: true, value: 3 } },
    { value: ' 1,200 ', result: { ok: true, value: 1200 } },
    { value: '2.0', result: { ok: true, value: 2 } },
    { value: '-4', result: { ok: true, value: -4 } },
    { value: '', result: { ok: true, value: null } },
    { value: '2.5', result: { ok: false, reason: "'2.5' is not a whole number" } },
    { value: 'two', result: { ok: false, reason: "'two' is not a number" } },
    { value: '12,34', result: { ok: false, reason: "'12,34' is not a whole number" } },
  ])('integer $value', ({ value, result }) => {
    expect(parseInteger(value)).toEqual(result);
  });

  it('integer bounds name the value', () => {
    expect(parseInteger('0', { min: 1 })).toEqual({ ok: false, reason: "'0' is below 1" });
    expect(parseInteger('10001', { max: 10_000 })).toEqual({ ok: false, reason: "'10001' is above 10000" });
  });

  it.each([
    { value: '90', seconds: 90, minutes: 90 },
    { value: '12:34', seconds: 754, minutes: 754 },
    { value: '0:45', seconds: 45, minutes: 45 },
    { value: '1:02:03', seconds: 3723, minutes: 62 },
    { value: '1h 30m', seconds: 5400, minutes: 90 },
    { value: '90 min', seconds: 5400, minutes: 90 },
    { value: '1.5 hours', seconds: 5400, minutes: 90 },
    { value: '45s', seconds: 45, minutes: 1 },
    { value: '', seconds: null, minutes: null },
  ])('duration $value', ({ value, seconds, minutes }) => {
    expect(parseDuration(value, 'seconds')).toEqual({ ok: true, value: seconds });
    expect(parseDuration(value, 'minutes')).toEqual({ ok: true, value: minutes });
  });

  it.each([
    { value: 'soon', reason: "'soon' is not a duration" },
    { value: '5 fortnights', reason: "'5 fortnights' has an unknown unit 'fortnights'" },
    { value: '1:75', reason: "'1:75' is not a duration" },
  ])('duration $value is refused', ({ value, reason }) => {
    expect(parseDuration(value, 'seconds')).toEqual({ ok: false, reason });
  });

  it.each([
    { value: 'Yes', result: true },
    { value: 'TRUE', result: true },
    { value: '1', result: true },
    { value: 'no', result: false },
    { value: 'F', result: false },
    { value: '', result: null },
  ])('boolean $value -> $result', ({ value, result }) => {
    expect(parseBoolean(value)).toEqual({ ok: true, value: result });
  });

  it('a boolean that is neither is refused', () => {
    expect(parseBoolean('maybe')).toEqual({ ok: false, reason: "'maybe' is not yes or no" });
  });
});

describe('value maps and enums', () => {
  const stage = createEnumMapper({ allowed: ['scheduled', 'in_progress', 'closed_won', 'no_show'], valueMap: { Won: 'closed_won', 'Did not attend': 'no_show', Unknown: null } });

  it.each([
    { value: 'closed_won', result: { ok: true, value: 'closed_won' } },
    { value: 'Closed Won', result: { ok: true, value: 'closed_won' } },
    { value: ' CLOSED-WON ', result: { ok: true, value: 'closed_won' } },
    { value: 'In progress', result: { ok: true, value: 'in_progress' } },
    { value: 'No-show', result: { ok: true, value: 'no_show' } },
    { value: 'won', result: { ok: true, value: 'closed_won' } },
    { value: '  did NOT attend', result: { ok: true, value: 'no_show' } },
    { value: 'unknown', result: { ok: true, value: null } },
    { value: '', result: { ok: true, value: null } },
    { value: 'Maybe', result: { ok: false, reason: "'Maybe' is not one of: scheduled, in_progress, closed_won, no_show" } },
  ])('enum "$value"', ({ value, result }) => {
    expect(stage(value)).toEqual(result);
    // The memoized answer is the same answer.
    expect(stage(value)).toEqual(result);
  });

  it('a free-text field keeps values its map does not name', () => {
    const billing = createEnumMapper({ valueMap: { Attending: 'paid', 'Checked In': 'paid' } });
    expect(billing('checked in')).toEqual({ ok: true, value: 'paid' });
    expect(billing(' Transferred ')).toEqual({ ok: true, value: 'Transferred' });
  });

  it('compileValueMap tells a mapped value, "says nothing" and "not in the map" apart', () => {
    const map = compileValueMap({ Customer: 'converted', lead: null });
    expect(map('CUSTOMER')).toBe('converted');
    expect(map('Lead')).toBeNull();
    expect(map('Evangelist')).toBeUndefined();
  });
});

describe('personName', () => {
  it.each([
    { first: 'Ann', last: 'Lee', full: 'Someone Else', want: { firstName: 'Ann', lastName: 'Lee' } },
    { first: '', last: 'Lee', full: 'Ann Lee', want: { firstName: '', lastName: 'Lee' } },
    { first: '', last: '', full: 'ann lee', want: { firstName: 'Ann', lastName: 'Lee' } },
    { first: null, last: undefined, full: 'Lee, Ann', want: { firstName: 'Ann', lastName: 'Lee' } },
    { first: ' ', last: ' ', full: 'ludwig van der berg', want: { firstName: 'Ludwig', lastName: 'van der Berg' } },
    { first: '', last: '', full: '', want: { firstName: '', lastName: '' } },
  ])('($first, $last, $full)', ({ first, last, full, want }) => {
    expect(personName(first, last, full)).toEqual(want);
  });
});
