// Sync with the team's Postgres: connection settings, status, "Sync now", and the parked changes
// the server refused (retry or discard). The password never travels back to the renderer.
import { z } from 'zod';
import type { Role } from '../domain/leads';
import { method } from './contract';
import { Empty } from './common';

export const SSL_MODES = ['disable', 'require', 'verify-full'] as const;
export type SslModeName = (typeof SSL_MODES)[number];

// Empty passes the patterns: "enter the …" (min 1) is the one message an empty field gets.
const HOST = /^$|^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/;
const PG_NAME = /^([A-Za-z_][A-Za-z0-9_$.-]{0,62})?$/;

export const ConnectionInput = z
  .object({
    host: z.string().trim().min(1, 'enter the server name or address').max(253).regex(HOST, 'must be a host name or IP address, like db.example.com'),
    port: z.number().int('must be a whole number').min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535'),
    database: z.string().trim().min(1, 'enter the database name').regex(PG_NAME, 'letters, digits and _ only, up to 63'),
    user: z.string().trim().min(1, 'enter your user name').regex(PG_NAME, 'letters, digits and _ only, up to 63'),
    sslMode: z.enum(SSL_MODES),
    /** Omitted: keep the stored password. Empty string: forget it. */
    password: z.string().max(1000).optional(),
    /** Keep the password on this device (encrypted by the OS) rather than for this session only. */
    rememberPassword: z.boolean().default(true),
  })
  .strict();

export const SaveSettingsInput = ConnectionInput.extend({
  /** Background sync on (every few seconds while online). */
  enabled: z.boolean().default(true),
}).strict();

export type PasswordSource = 'keychain' | 'session' | 'environment' | 'file' | null;

export interface SecretStoreInfo {
  /** Can a password be kept across restarts here? */
  canPersist: boolean;
  /** Where a remembered password goes, in words ("the system keychain", …). */
  where: string;
  /** Why it cannot, when it cannot. */
  reason: string | null;
}

export interface SyncConnectionView {
  host: string;
  port: number;
  database: string;
  user: string;
  sslMode: SslModeName;
  enabled: boolean;
}

export type SyncPhase = 'connect' | 'push' | 'pull';

export interface SyncStatusView {
  configured: boolean;
  connection: SyncConnectionView | null;
  passwordSource: PasswordSource;
  secrets: SecretStoreInfo;
  state: 'not_configured' | 'offline' | 'online' | 'syncing' | 'error' | 'paused';
  /** Reachable at the last attempt. */
  online: boolean;
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  /** Local changes of synced workspaces waiting to be pushed. */
  pending: number;
  parked: number;
  last: { pushed: number; pulled: number; parked: number; ms: number } | null;
  totals: { pushed: number; pulled: number; runs: number };
  error: { kind: 'schema' | 'auth' | 'network' | 'server' | 'config'; message: string; at: string } | null;
  progress: { phase: SyncPhase; done: number; total: number | null } | null;
  /** The server identity this device syncs as (after the first sync). */
  serverUser: { displayName: string; workspaces: { name: string; role: Role }[] } | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
  serverVersion: string | null;
  schemaVersion: number | null;
  workspaces: { name: string; role: Role }[];
}

export interface ParkedChange {
  seq: number;
  table: string;
  rowId: string;
  op: 'insert' | 'update' | 'delete';
  workspaceName: string | null;
  /** The record in words, e.g. "Lead Dana Ortiz" (from the local copy; never sent anywhere). */
  label: string;
  fields: string[];
  /** The server's own words (names the rule, never row contents). */
  reason: string;
  /** The same in plain language. */
  explanation: string;
  createdAt: string;
  parkedAt: string;
}

const Seqs = z.object({ seqs: z.array(z.number().int().positive()).min(1, 'choose at least one change').max(10_000) }).strict();

export const syncApi = {
  'sync.status': method(Empty).returns<SyncStatusView>(),
  'sync.saveSettings': method(SaveSettingsInput).returns<SyncStatusView>(),
  'sync.forget': method(Empty).returns<SyncStatusView>(),
  'sync.test': method(ConnectionInput).returns<ConnectionTestResult>(),
  'sync.now': method(Empty).returns<SyncStatusView>(),
  'sync.parked': method(z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict()).returns<{ total: number; rows: ParkedChange[] }>(),
  'sync.retry': method(Seqs).returns<{ retried: number }>(),
  'sync.discard': method(Seqs).returns<{ discarded: number }>(),
};
