import { text } from 'drizzle-orm/sqlite-core';

// Every synced table carries these: a UUIDv7 id minted on the device, ISO-8601 UTC timestamps as
// text, and a tombstone (deleted_at) so deletes sync like any other change.
export const timestamps = {
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  deletedAt: text('deleted_at'),
};

export const idColumn = () => text('id').primaryKey();
