import { analyticsApi } from './analytics';
import { appApi } from './app';
import { appointmentsApi } from './appointments';
import { callsApi } from './calls';
import { contactsApi } from './contacts';
import { contact360Api } from './contact360';
import { combineAreas, type InputOf, type OutputOf } from './contract';
import { importsApi } from './imports';
import { leadsApi } from './leads';
import { rfmApi } from './rfm';
import { routingApi } from './routing';
import { reviewApi } from './review';
import { settingsApi } from './settings';
import { syncApi } from './sync';

/** The whole contract: every method the renderer may call, with its input schema. */
export const api = combineAreas(appApi, leadsApi, contactsApi, contact360Api, callsApi, analyticsApi, settingsApi, syncApi, importsApi, reviewApi, appointmentsApi, routingApi, rfmApi);

export type Api = typeof api;
export type MethodName = keyof Api;
export type MethodInput<M extends MethodName> = InputOf<Api[M]>;
export type MethodOutput<M extends MethodName> = OutputOf<Api[M]>;

export const METHOD_NAMES = Object.keys(api) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

export * from './contract';
export * from './events';
export type * from './app';
export type * from './contacts';
export type * from './contact360';
export type * from './leads';
export type * from './calls';
export type * from './analytics';
export type * from './settings';
export type * from './sync';
export type * from './imports';
export type * from './review';
export type * from './appointments';
export type * from './rfm';
export type * from './routing';
export { LEAD_COLUMNS, LEAD_COLUMN_KEYS, SORTABLE_LEAD_COLUMNS } from './leads';
