import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, timestamps } from './common';
import { users, workspaces } from './workspaces';

export const SAVED_VIEW_SCREENS = ['leads', 'contacts', 'calls'] as const;
export const SAVED_VIEW_VISIBILITY = ['personal', 'workspace'] as const;

/**
 * A saved view of a grid (Step 5), like Close's Smart Views: filters, sort and columns under a
 * name, kept for its owner or shared with the workspace. `definition` is JSON validated by the
 * shared contract (shared/api/views.ts).
 */
export const savedViews = sqliteTable(
  'saved_views',
  {
    id: idColumn(),
    workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
    ownerUserId: text('owner_user_id').notNull().references(() => users.id),
    screen: text('screen', { enum: SAVED_VIEW_SCREENS }).notNull(),
    name: text('name').notNull(),
    visibility: text('visibility', { enum: SAVED_VIEW_VISIBILITY }).notNull().default('personal'),
    definition: text('definition').notNull().default('{}'),
    position: integer('position').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index('saved_views_ws_screen_idx').on(t.workspaceId, t.screen, t.position),
    check('saved_views_screen_ck', sql`${t.screen} IN ('leads','contacts','calls')`),
    check('saved_views_visibility_ck', sql`${t.visibility} IN ('personal','workspace')`),
  ],
);
