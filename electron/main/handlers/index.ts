import { registerHandlers, type Dispatcher } from '../dispatch';
import type { AppContext } from '../context';
import { appHandlers } from './app';
import { contactsHandlers } from './contacts';
import { leadsHandlers } from './leads';

/** Every area's handlers bound to one dispatcher (throws on a duplicate or a missing method). */
export function createDispatcher(app: AppContext): Dispatcher {
  return registerHandlers(app, [appHandlers, leadsHandlers, contactsHandlers]);
}
