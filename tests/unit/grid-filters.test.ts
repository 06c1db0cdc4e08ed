// A fixed zone with daylight saving, so the DST-day cases below mean something. Expectations are
// still computed with local `new Date(y, m, d)`, so the rest would hold in any zone.
process.env.TZ = 'America/New_York';

import { describe, expect, it } from 'vitest';
import { LEAD_COLUMNS, LeadsPageInput, type LeadColumnKey } from '../../shared/api/leads';
import { toAgFilterModel, toLeadFilters, toSort, type AgFilterModel } from '../../renderer/src/screens/leads/grid-filters';

const WORKSPACE = '01234567-89ab-7000-8000-000000000000';

function localIso(y: number, monthIndex: number, d: number): string {
  return new Date(y, monthIndex, d).toISOString();
}

describe('toLeadFilters: text filters', () => {
  it.each(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith'] as const)('%s passes through', (type) => {
    expect(toLeadFilters({ firstName: { filterType: 'text', type, filter: 'jo' } })).toEqual({
      firstName: { kind: 'text', op: type, value: 'jo' },
    });
  });

  it.each(['blank', 'notBlank'] as const)('%s needs no value', (type) => {
    expect(toLeadFilters({ email: { filterType: 'text', type } })).toEqual({ email: { kind: 'text', op: type, value: '' } });
    expect(toLeadFilters({ email: { filterType: 'text', type, filter: null } })).toEqual({ email: { kind: 'text', op: type, value: '' } });
  });

  it('an unknown text operator is read as contains', () => {
    expect(toLeadFilters({ city: { filterType: 'text', type: 'regex', filter: 'Aus' } })).toEqual({
      city: { kind: 'text', op: 'contains', value: 'Aus' },
    });
  });

  it.each([{ filter: '' }, { filter: null }, { filter: undefined }])('an empty value ($filter) is skipped', ({ filter }) => {
    expect(toLeadFilters({ lastName: { filterType: 'text', type: 'contains', filter } })).toEqual({});
  });

  it('a text filter on an enum column stays a text filter', () => {
    expect(toLeadFilters({ status: { filterType: 'text', type: 'equals', filter: 'new' } })).toEqual({
      status: { kind: 'text', op: 'equals', value: 'new' },
    });
  });
});

describe('toLeadFilters: number filters', () => {
  it.each([
    { type: 'equals', op: 'eq' },
    { type: 'notEqual', op: 'ne' },
    { type: 'lessThan', op: 'lt' },
    { type: 'lessThanOrEqual', op: 'lte' },
    { type: 'greaterThan', op: 'gt' },
    { type: 'greaterThanOrEqual', op: 'gte' },
  ] as const)('$type -> $op', ({ type, op }) => {
    expect(toLeadFilters({ roofAge: { filterType: 'number', type, filter: 12 } })).toEqual({ roofAge: { kind: 'number', op, value: 12 } });
  });

  it('inRange -> between with both ends', () => {
    expect(toLeadFilters({ systemAge: { filterType: 'number', type: 'inRange', filter: 5, filterTo: 15 } })).toEqual({
      systemAge: { kind: 'number', op: 'between', value: 5, valueTo: 15 },
    });
  });

  it.each(['blank', 'notBlank'] as const)('%s needs no value', (type) => {
    expect(toLeadFilters({ roofAge: { filterType: 'number', type } })).toEqual({
      roofAge: { kind: 'number', op: type === 'blank' ? 'blank' : 'notBlank' },
    });
  });

  it('zero is a value, not an empty filter', () => {
    expect(toLeadFilters({ roofAge: { filterType: 'number', type: 'equals', filter: 0 } })).toEqual({ roofAge: { kind: 'number', op: 'eq', value: 0 } });
  });

  it.each([{ filter: null }, { filter: undefined }])('a missing value ($filter) is skipped', ({ filter }) => {
    expect(toLeadFilters({ roofAge: { filterType: 'number', type: 'greaterThan', filter } })).toEqual({});
  });

  it('an unknown number operator is skipped', () => {
    expect(toLeadFilters({ roofAge: { filterType: 'number', type: 'modulo', filter: 2 } })).toEqual({});
  });

  it('plain number columns are not scaled', () => {
    expect(toLeadFilters({ roofAge: { filterType: 'number', type: 'lessThan', filter: 30 } })).toEqual({ roofAge: { kind: 'number', op: 'lt', value: 30 } });
  });

  // Bug: every number filter is rounded, not only money (to whole cents). "Roof age > 7.5" becomes
  // "> 8" and drops the 8-year-old roofs the user asked for.
  it('does not round a value typed into a plain number column', () => {
    expect(toLeadFilters({ roofAge: { filterType: 'number', type: 'greaterThan', filter: 7.5 } })).toEqual({
      roofAge: { kind: 'number', op: 'gt', value: 7.5 },
    });
  });

  it.each([
    { column: 'monthlyElectricBillCents', dollars: 150, cents: 15_000 },
    { column: 'monthlyElectricBillCents', dollars: 100.5, cents: 10_050 },
    { column: 'monthlyElectricBillCents', dollars: 0.01, cents: 1 },
    { column: 'coverageAmountCents', dollars: 19.99, cents: 1_999 },
    { column: 'coverageAmountCents', dollars: 0.29, cents: 29 },
    { column: 'coverageAmountCents', dollars: 250_000, cents: 25_000_000 },
    { column: 'coverageAmountCents', dollars: 0, cents: 0 },
  ] as const)('money: $dollars dollars in $column -> $cents cents', ({ column, dollars, cents }) => {
    expect(LEAD_COLUMNS[column].kind).toBe('money');
    expect(toLeadFilters({ [column]: { filterType: 'number', type: 'greaterThanOrEqual', filter: dollars } })).toEqual({
      [column]: { kind: 'number', op: 'gte', value: cents },
    });
  });

  it('money: both ends of a range are converted to whole cents', () => {
    expect(
      toLeadFilters({ monthlyElectricBillCents: { filterType: 'number', type: 'inRange', filter: 99.99, filterTo: 200.1 } }),
    ).toEqual({ monthlyElectricBillCents: { kind: 'number', op: 'between', value: 9_999, valueTo: 20_010 } });
  });
});

describe('toLeadFilters: date filters, read as local calendar days', () => {
  it('the test runs in the fixed zone it asked for', () => {
    // 2025-01-15 is EST (UTC-5); 2025-07-15 is EDT (UTC-4).
    expect(new Date(2025, 0, 15).getTimezoneOffset()).toBe(300);
    expect(new Date(2025, 6, 15).getTimezoneOffset()).toBe(240);
  });

  it.each([
    { day: '2025-01-15 00:00:00', y: 2025, m: 0, d: 15 },
    { day: '2025-01-15', y: 2025, m: 0, d: 15 },
    { day: '2024-02-29 00:00:00', y: 2024, m: 1, d: 29 },
    { day: '2025-12-31 00:00:00', y: 2025, m: 11, d: 31 },
  ])('equals $day -> [that local midnight, the next local midnight)', ({ day, y, m, d }) => {
    expect(toLeadFilters({ createdAt: { filterType: 'date', type: 'equals', dateFrom: day, dateTo: null } })).toEqual({
      createdAt: { kind: 'date', from: localIso(y, m, d), to: localIso(y, m, d + 1) },
    });
  });

  it('equals on a winter day in New York is 05:00Z to 05:00Z', () => {
    expect(toLeadFilters({ createdAt: { filterType: 'date', type: 'equals', dateFrom: '2025-01-15 00:00:00' } })).toEqual({
      createdAt: { kind: 'date', from: '2025-01-15T05:00:00.000Z', to: '2025-01-16T05:00:00.000Z' },
    });
  });

  it.each([
    // Spring forward: the local day is 23 hours long.
    { day: '2025-03-09 00:00:00', from: '2025-03-09T05:00:00.000Z', to: '2025-03-10T04:00:00.000Z', hours: 23 },
    // Fall back: the local day is 25 hours long.
    { day: '2025-11-02 00:00:00', from: '2025-11-02T04:00:00.000Z', to: '2025-11-03T05:00:00.000Z', hours: 25 },
  ])('equals on the DST day $day covers the whole local day ($hours h)', ({ day, from, to, hours }) => {
    const result = toLeadFilters({ createdAt: { filterType: 'date', type: 'equals', dateFrom: day } });
    expect(result).toEqual({ createdAt: { kind: 'date', from, to } });
    expect((Date.parse(to) - Date.parse(from)) / 3_600_000).toBe(hours);
  });

  it('lessThan a day -> before its local midnight', () => {
    expect(toLeadFilters({ updatedAt: { filterType: 'date', type: 'lessThan', dateFrom: '2025-03-09 00:00:00' } })).toEqual({
      updatedAt: { kind: 'date', to: localIso(2025, 2, 9) },
    });
  });

  it('greaterThan a day -> from the next local midnight', () => {
    expect(toLeadFilters({ updatedAt: { filterType: 'date', type: 'greaterThan', dateFrom: '2025-03-09 00:00:00' } })).toEqual({
      updatedAt: { kind: 'date', from: localIso(2025, 2, 10) },
    });
  });

  it('inRange includes the whole end day', () => {
    expect(
      toLeadFilters({ createdAt: { filterType: 'date', type: 'inRange', dateFrom: '2025-03-01 00:00:00', dateTo: '2025-03-09 00:00:00' } }),
    ).toEqual({ createdAt: { kind: 'date', from: localIso(2025, 2, 1), to: localIso(2025, 2, 10) } });
  });

  it('inRange across a year end', () => {
    expect(
      toLeadFilters({ createdAt: { filterType: 'date', type: 'inRange', dateFrom: '2024-12-30 00:00:00', dateTo: '2024-12-31 00:00:00' } }),
    ).toEqual({ createdAt: { kind: 'date', from: localIso(2024, 11, 30), to: localIso(2025, 0, 1) } });
  });

  it.each([{ dateTo: null }, { dateTo: undefined }])('inRange without an end ($dateTo) is that one day', ({ dateTo }) => {
    expect(toLeadFilters({ createdAt: { filterType: 'date', type: 'inRange', dateFrom: '2025-06-01 00:00:00', dateTo } })).toEqual({
      createdAt: { kind: 'date', from: localIso(2025, 5, 1), to: localIso(2025, 5, 2) },
    });
  });

  it.each([{ dateFrom: null }, { dateFrom: undefined }, { dateFrom: '' }])('no start day ($dateFrom) is skipped', ({ dateFrom }) => {
    expect(toLeadFilters({ createdAt: { filterType: 'date', type: 'equals', dateFrom } })).toEqual({});
  });

  it.each(['notEqual', 'blank', 'notBlank', 'someday'])('an unsupported date operator (%s) is skipped', (type) => {
    expect(toLeadFilters({ createdAt: { filterType: 'date', type, dateFrom: '2025-03-09 00:00:00' } })).toEqual({});
  });
});

describe('toLeadFilters: columns and models it does not know', () => {
  it.each(['bogus', 'toString', 'hasOwnProperty', 'constructor', 'first_name', 'FirstName'])('ignores unknown column %j', (key) => {
    const model: AgFilterModel = { [key]: { filterType: 'text', type: 'contains', filter: 'x' } };
    expect(toLeadFilters(model)).toEqual({});
  });

  it('ignores filter types it does not handle', () => {
    expect(toLeadFilters({ status: { filterType: 'set' }, city: { filterType: 'multi' } })).toEqual({});
  });

  it('maps every known column in one model and drops the rest', () => {
    const model: AgFilterModel = {
      firstName: { filterType: 'text', type: 'startsWith', filter: 'Jo' },
      lastName: { filterType: 'text', type: 'contains', filter: '' },
      nope: { filterType: 'text', type: 'contains', filter: 'x' },
      roofAge: { filterType: 'number', type: 'lessThan', filter: 20 },
      coverageAmountCents: { filterType: 'number', type: 'inRange', filter: 1_000, filterTo: 2_000 },
      createdAt: { filterType: 'date', type: 'equals', dateFrom: '2025-03-09 00:00:00' },
    };
    expect(toLeadFilters(model)).toEqual({
      firstName: { kind: 'text', op: 'startsWith', value: 'Jo' },
      roofAge: { kind: 'number', op: 'lt', value: 20 },
      coverageAmountCents: { kind: 'number', op: 'between', value: 100_000, valueTo: 200_000 },
      createdAt: { kind: 'date', from: localIso(2025, 2, 9), to: localIso(2025, 2, 10) },
    });
  });

  it('an empty model gives no filters', () => {
    expect(toLeadFilters({})).toEqual({});
  });

  it('what it produces is accepted by the leads.page contract', () => {
    const filters = toLeadFilters({
      firstName: { filterType: 'text', type: 'contains', filter: 'jo' },
      email: { filterType: 'text', type: 'blank' },
      status: { filterType: 'text', type: 'equals', filter: 'new' },
      monthlyElectricBillCents: { filterType: 'number', type: 'inRange', filter: 100.5, filterTo: 200 },
      roofAge: { filterType: 'number', type: 'notBlank' },
      createdAt: { filterType: 'date', type: 'inRange', dateFrom: '2025-03-01 00:00:00', dateTo: '2025-03-09 00:00:00' },
      updatedAt: { filterType: 'date', type: 'lessThan', dateFrom: '2025-11-02 00:00:00' },
    });
    expect(Object.keys(filters)).toHaveLength(7);
    const parsed = LeadsPageInput.safeParse({ workspaceId: WORKSPACE, filters, sort: toSort([{ colId: 'lastName', sort: 'asc' }]) });
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.filters).toEqual(filters);
  });
});

describe('toSort', () => {
  it('defaults to newest first', () => {
    expect(toSort([])).toEqual([{ col: 'createdAt', dir: 'desc' }]);
  });

  it.each([
    { model: [{ colId: 'lastName', sort: 'asc' }], sort: [{ col: 'lastName', dir: 'asc' }] },
    { model: [{ colId: 'createdAt', sort: 'asc' }], sort: [{ col: 'createdAt', dir: 'asc' }] },
    {
      model: [
        { colId: 'status', sort: 'desc' },
        { colId: 'lastName', sort: 'asc' },
      ],
      sort: [
        { col: 'status', dir: 'desc' },
        { col: 'lastName', dir: 'asc' },
      ],
    },
    { model: [{ colId: 'monthlyElectricBillCents', sort: 'desc' }], sort: [{ col: 'monthlyElectricBillCents', dir: 'desc' }] },
  ] as const)('maps $model', ({ model, sort }) => {
    expect(toSort([...model])).toEqual(sort);
  });

  it.each(['contactCode', 'ownerName'] as const)('ignores the unsortable column %s', (colId) => {
    expect(LEAD_COLUMNS[colId].sortable).toBe(false);
    expect(
      toSort([
        { colId, sort: 'asc' },
        { colId: 'email', sort: 'desc' },
      ]),
    ).toEqual([{ col: 'email', dir: 'desc' }]);
  });

  it.each(['bogus', 'toString', 'ag-Grid-AutoColumn'])('ignores the unknown column %j', (colId) => {
    expect(toSort([{ colId, sort: 'asc' }])).toEqual([{ col: 'createdAt', dir: 'desc' }]);
  });

  it('falls back to the default when nothing sortable is left', () => {
    expect(
      toSort([
        { colId: 'contactCode', sort: 'asc' },
        { colId: 'nope', sort: 'desc' },
      ]),
    ).toEqual([{ col: 'createdAt', dir: 'desc' }]);
  });

  it('keeps at most three sort keys, in order, as the contract allows', () => {
    expect(
      toSort([
        { colId: 'lastName', sort: 'asc' },
        { colId: 'contactCode', sort: 'asc' },
        { colId: 'firstName', sort: 'asc' },
        { colId: 'email', sort: 'desc' },
        { colId: 'phone', sort: 'desc' },
      ]),
    ).toEqual([
      { col: 'lastName', dir: 'asc' },
      { col: 'firstName', dir: 'asc' },
      { col: 'email', dir: 'desc' },
    ]);
  });

  it('every sortable column can be sorted both ways', () => {
    const sortable = (Object.keys(LEAD_COLUMNS) as LeadColumnKey[]).filter((k) => LEAD_COLUMNS[k].sortable);
    expect(sortable.length).toBeGreaterThan(0);
    for (const col of sortable) {
      for (const dir of ['asc', 'desc'] as const) expect(toSort([{ colId: col, sort: dir }])).toEqual([{ col, dir }]);
    }
  });
});

describe('toAgFilterModel: a saved view back in the grid', () => {
  const model: AgFilterModel = {
    firstName: { filterType: 'text', type: 'startsWith', filter: 'Ann' },
    email: { filterType: 'text', type: 'blank', filter: '' },
    monthlyElectricBillCents: { filterType: 'number', type: 'inRange', filter: 120.5, filterTo: 300 },
    roofAge: { filterType: 'number', type: 'greaterThanOrEqual', filter: 0 },
    createdAt: { filterType: 'date', type: 'inRange', dateFrom: '2026-03-07 00:00:00', dateTo: '2026-03-09 00:00:00' },
    updatedAt: { filterType: 'date', type: 'greaterThan', dateFrom: '2026-11-01 00:00:00' },
  };

  it('round-trips every kind of grid filter through the contract filters a view stores', () => {
    const filters = toLeadFilters(model);
    expect(LeadsPageInput.safeParse({ workspaceId: '01900000-0000-7000-8000-000000000000', filters }).success).toBe(true);
    expect(toLeadFilters(toAgFilterModel(filters, LEAD_COLUMNS))).toEqual(filters);
    const back = toAgFilterModel(filters, LEAD_COLUMNS);
    expect(back.createdAt).toEqual({ filterType: 'date', type: 'inRange', dateFrom: '2026-03-07 00:00:00', dateTo: '2026-03-09 00:00:00' });
    expect(back.monthlyElectricBillCents).toEqual({ filterType: 'number', type: 'inRange', filter: 120.5, filterTo: 300 });
  });

  it('leaves enum columns to the chips', () => {
    expect(toAgFilterModel({ status: { kind: 'enum', values: ['new'] }, segment: { kind: 'enum', values: ['hot'] } }, LEAD_COLUMNS)).toEqual({});
  });
});
