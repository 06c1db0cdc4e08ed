import { z } from 'zod';
import { method } from './contract';
import { Id, Text } from './common';
import type { PhoneStatus } from '../domain/phone';

export interface Contact {
  id: string;
  workspaceId: string;
  contactCode: string;
  firstName: string;
  lastName: string;
  email: string;
  emailValid: boolean;
  phone: string;
  phoneRaw: string;
  phoneStatus: PhoneStatus;
  phoneIssue: string | null;
  address: string;
  city: string;
  state: string;
  zipCode: string;
  ownerUserId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContactMatch {
  id: string;
  contactCode: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  /** Which field matched the query. */
  matchedOn: 'code' | 'phone' | 'email' | 'name';
}

export const ContactSearchInput = z
  .object({ workspaceId: Id, query: Text(200).min(1, 'type something to search'), limit: z.number().int().min(1).max(50).default(10) })
  .strict();

export const ContactPatch = z
  .object({
    firstName: Text(100).optional(),
    lastName: Text(100).optional(),
    email: Text(254).optional(),
    phone: Text(40).optional(),
    address: Text(200).optional(),
    city: Text(100).optional(),
    state: Text(50).optional(),
    zipCode: Text(20).optional(),
    ownerUserId: Id.nullish(),
  })
  .strict();

/** What an edit in place answers: the contact, and another contact the new phone or email belongs to. */
export interface ContactUpdateResult {
  contact: Contact;
  /** False when a duplicate was found and allowDuplicate was not set: nothing was written. */
  saved: boolean;
  /** Fields that changed (empty when the values were already stored). */
  changed: string[];
  duplicate: { contact: ContactMatch; matchedBy: 'phone' | 'email' } | null;
}

export const contactsApi = {
  'contacts.get': method(z.object({ id: Id }).strict()).returns<Contact>(),
  'contacts.search': method(ContactSearchInput).returns<ContactMatch[]>(),
  'contacts.update': method(
    z
      .object({
        id: Id,
        patch: ContactPatch,
        /** Save even though the new phone or email belongs to another contact (the user chose not to merge). */
        allowDuplicate: z.boolean().default(false),
      })
      .strict()
      .refine((v) => Object.keys(v.patch).length > 0, { path: ['patch'], message: 'nothing to change' }),
  ).returns<ContactUpdateResult>(),
};
