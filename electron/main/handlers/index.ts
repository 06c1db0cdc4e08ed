import { registerHandlers, type Dispatcher } from '../dispatch';
import type { AppContext } from '../context';
import { analyticsHandlers } from './analytics';
import { appHandlers } from './app';
import { appointmentsHandlers } from './appointments';
import { callsHandlers } from './calls';
import { contactsHandlers } from './contacts';
import { contact360Handlers } from './contact360';
import { importsHandlers } from './imports';
import { leadsHandlers } from './leads';
import { reviewHandlers } from './review';
import { rfmHandlers } from './rfm';
import { routingHandlers } from './routing';
import { settingsHandlers } from './settings';
import { syncHandlers } from './sync';

/** Every area's handlers bound to one dispatcher (throws on a duplicate or a missing method). */
export function createDispatcher(app: AppContext): Dispatcher {
  return registerHandlers(app, [appHandlers, leadsHandlers, contactsHandlers, contact360Handlers, callsHandlers, analyticsHandlers, settingsHandlers, syncHandlers, importsHandlers, reviewHandlers, appointmentsHandlers, routingHandlers, rfmHandlers]);
}
