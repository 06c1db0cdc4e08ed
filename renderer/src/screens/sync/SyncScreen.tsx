// The Sync screen: where this device stands with the team server (status, last sync, pending and
// refused changes), the connection settings with a test, and the parked changes to retry or discard.
import { useCallback, useEffect, useState } from 'react';
import type { ParkedChange, SyncStatusView } from '../../../../shared/api/sync';
import { call, ApiCallError } from '../../lib/api';
import { formatCount, formatDateTime, formatRelative } from '../../lib/format';
import { useHotkeys } from '../../lib/hotkeys';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { Icon } from '../../components/Icon';
import { ConnectionCard } from './ConnectionCard';
import { ParkedCard } from './ParkedCard';
import './sync.css';

const STATE_LABEL: Record<SyncStatusView['state'], string> = {
  not_configured: 'Not set up',
  offline: 'Offline',
  online: 'Synced',
  syncing: 'Syncing…',
  error: 'Needs attention',
  paused: 'Paused',
};

const STATE_TONE: Record<SyncStatusView['state'], string> = {
  not_configured: 'gray',
  offline: 'amber',
  online: 'green',
  syncing: 'blue',
  error: 'red',
  paused: 'gray',
};

/** What the pending count means: "on the server" only once a sync has actually run. */
function pendingHint(status: { pending: number; configured: boolean; lastSyncAt: string | null }): string {
  if (status.pending > 0) return status.configured ? 'Saved here, not yet on the server' : 'Kept on this device until sync is set up';
  return status.configured && status.lastSyncAt ? 'All your changes are on the server' : 'Nothing waiting to be sent';
}

export function SyncScreen() {
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [parked, setParked] = useState<{ total: number; rows: ParkedChange[] } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Status events (every run, every progress step) and data changes refresh the screen.
  const appStatus = useSession((s) => s.status);
  const dataVersion = useSession((s) => s.dataVersion);
  const job = useSession((s) => s.job);
  const { toast } = useUi.getState();

  const refresh = useCallback(async () => {
    try {
      const [s, p] = await Promise.all([call('sync.status', {}), call('sync.parked', { limit: 500 })]);
      setStatus(s);
      setParked(p);
      setLoadError(null);
    } catch (err) {
      setLoadError((err as Error).message);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh, appStatus, dataVersion]);

  // Relative times ("12 s ago") stay true while the screen is open.
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 5_000);
    return () => clearInterval(t);
  }, []);

  const syncNow = async () => {
    try {
      setStatus(await call('sync.now', {}));
    } catch (err) {
      toast(err instanceof ApiCallError ? err.message : String(err), 'error');
    }
  };

  useHotkeys([{ keys: 'mod+shift+s', run: () => void syncNow(), inInputs: true }]);

  if (!status) {
    return (
      <section className="screen">
        <header className="screen-head"><h1>Sync</h1></header>
        {loadError ? <div className="banner banner-error" role="alert">{loadError}</div> : <p className="muted sync-pad">Loading…</p>}
      </section>
    );
  }

  const syncJob = job?.kind === 'sync' ? job : null;
  const progress = status.progress;
  return (
    <section className="screen screen-sync" data-testid="sync-screen">
      <header className="screen-head">
        <h1>Sync</h1>
        <span className={`badge tone-${STATE_TONE[status.state]}`} data-testid="sync-state">{STATE_LABEL[status.state]}</span>
        <div className="spacer" />
        {status.configured ? (
          <button className="button button-primary" onClick={() => void syncNow()} disabled={status.state === 'syncing'} data-testid="sync-now" title="Sync now (Ctrl+Shift+S)">
            <Icon name="sync" className={status.state === 'syncing' ? 'spin' : undefined} />
            {status.state === 'syncing' ? 'Syncing…' : 'Sync now'}
          </button>
        ) : null}
      </header>
      <div className="sync-body">
        {status.error ? (
          <div className={`banner ${status.error.kind === 'network' ? 'banner-warn' : 'banner-error'}`} role="alert" data-testid="sync-error">
            <Icon name={status.error.kind === 'network' ? 'cloudOff' : 'alert'} />
            <div>
              <strong>{status.error.kind === 'network' ? 'Working offline. ' : status.error.kind === 'schema' ? 'The server needs attention. ' : status.error.kind === 'auth' || status.error.kind === 'config' ? 'Sign-in problem. ' : 'Sync failed. '}</strong>
              {status.error.message}
              <span className="muted small"> — {formatRelative(status.error.at)}{status.nextAttemptAt ? `; next try ${nextIn(status.nextAttemptAt)}` : ''}</span>
            </div>
          </div>
        ) : null}

        <section className="sync-tiles" aria-label="Sync status">
          <Tile label="Waiting to sync" value={formatCount(status.pending)} testId="sync-pending" hint={pendingHint(status)} />
          <Tile label="Refused by the server" value={formatCount(status.parked)} testId="sync-parked" tone={status.parked > 0 ? 'warn' : undefined} hint={status.parked > 0 ? 'See below: retry or discard' : 'Nothing refused'} />
          <Tile label="Last sync" value={status.lastSyncAt ? formatRelative(status.lastSyncAt) : 'Never'} testId="sync-last" hint={status.lastSyncAt ? formatDateTime(status.lastSyncAt) : status.configured ? 'Not synced yet' : 'Set up the connection below'} />
          <Tile
            label="Last run"
            value={status.last ? `↑ ${formatCount(status.last.pushed)}  ↓ ${formatCount(status.last.pulled)}` : '—'}
            testId="sync-last-run"
            hint={status.last ? `Sent ${formatCount(status.last.pushed)}, received ${formatCount(status.last.pulled)} in ${(status.last.ms / 1000).toFixed(1)} s` : 'No run yet'}
            title={`All time: sent ${formatCount(status.totals.pushed)}, received ${formatCount(status.totals.pulled)} in ${formatCount(status.totals.runs)} runs`}
          />
        </section>

        {progress || syncJob ? (
          <div className="sync-progress" role="progressbar" aria-label="Sync progress" aria-valuenow={progress?.done ?? syncJob?.done ?? 0} aria-valuemax={progress?.total ?? syncJob?.total ?? undefined}>
            <span>
              {progress?.phase === 'pull' ? 'Receiving changes' : progress?.phase === 'push' ? 'Sending changes' : 'Connecting'}
              {progress && progress.done > 0 ? ` · ${formatCount(progress.done)}${progress.total ? ` of about ${formatCount(progress.total)}` : ''}` : ''}
            </span>
            <progress value={progress?.done ?? 0} max={progress?.total ?? undefined} />
          </div>
        ) : null}

        {status.parked > 0 ? <ParkedCard parked={parked} onChanged={refresh} /> : null}

        <div className="sync-columns">
          <ConnectionCard status={status} onChange={setStatus} />
          <section className="card sync-identity">
            <h2>On the team server</h2>
            {status.serverUser ? (
              <>
                <p>
                  Signed in as <strong data-testid="sync-user">{status.serverUser.displayName}</strong> ({status.connection?.user}).
                </p>
                <ul className="sync-ws-list" data-testid="sync-workspaces">
                  {status.serverUser.workspaces.map((w) => (
                    <li key={w.name}>
                      <span>{w.name}</span>
                      <span className="badge tone-gray">{w.role === 'sdr' ? 'SDR' : w.role === 'manager' ? 'Manager' : 'Admin'}</span>
                    </li>
                  ))}
                </ul>
                <p className="muted small">Your roles come from the server: an admin changes them with <code>npm run cli -- server add-user</code>.</p>
              </>
            ) : (
              <p className="muted">
                {status.configured
                  ? 'After the first sync, your name, workspaces and roles from the server show here, and the console uses them.'
                  : 'Until sync is set up, everything is kept on this device: nothing is lost, and it is all sent once you connect.'}
              </p>
            )}
          </section>
        </div>

        {status.parked > 0 ? null : <ParkedCard parked={parked} onChanged={refresh} />}
      </div>
    </section>
  );
}

function Tile({ label, value, hint, testId, tone, title }: { label: string; value: string; hint: string; testId: string; tone?: 'warn'; title?: string }) {
  return (
    <div className={`sync-tile ${tone ? `tone-${tone}` : ''}`} data-testid={testId} title={title}>
      <span className="sync-tile-label">{label}</span>
      <strong className="sync-tile-value">{value}</strong>
      <span className="sync-tile-hint muted small">{hint}</span>
    </div>
  );
}

/** "in 8 s", "in 2 min": when the next automatic attempt is due. */
function nextIn(iso: string): string {
  const s = Math.max(0, Math.round((new Date(iso).getTime() - Date.now()) / 1000));
  if (s < 2) return 'now';
  return s < 90 ? `in ${s} s` : `in ${Math.round(s / 60)} min`;
}
