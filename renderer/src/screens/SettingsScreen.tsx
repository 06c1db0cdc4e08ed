import { useState } from 'react';
import { Dialog } from '../components/Dialog';
import { TrafficRulesCard } from './settings/TrafficRulesCard';
import { RfmScoringCard } from './settings/RfmScoringCard';
import { ApiCallError, call, transport } from '../lib/api';
import { userTimeZone } from '../lib/format';
import { currentWorkspace, useSession } from '../stores/session';
import { useUi } from '../stores/ui';

const ROLE_LABEL = { sdr: 'SDR', manager: 'Manager', admin: 'Admin' } as const;

export function SettingsScreen() {
  const bootstrap = useSession((s) => s.bootstrap);
  const workspace = useSession(currentWorkspace);
  const theme = useUi((s) => s.theme);
  const { setTheme, toast, setShortcuts } = useUi.getState();
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  if (!bootstrap) return null;

  const removeDemo = async () => {
    setRemoving(true);
    try {
      const result = await call('demo.remove', {});
      toast(`Removed ${result.workspaces} demo workspaces (${result.rows.toLocaleString()} rows).`, 'success');
      setConfirming(false);
      await useSession.getState().load();
      useSession.setState((s) => ({ dataVersion: s.dataVersion + 1 }));
    } catch (err) {
      toast(err instanceof ApiCallError ? err.message : String(err), 'error');
    } finally {
      setRemoving(false);
    }
  };

  return (
    <section className="screen screen-settings">
      <header className="screen-head">
        <h1>Settings</h1>
      </header>
      <div className="settings-grid">
        <section className="card">
          <h2>Appearance</h2>
          <div className="segmented" role="radiogroup" aria-label="Theme">
            {(['light', 'dark'] as const).map((t) => (
              <button key={t} role="radio" aria-checked={theme === t} className={theme === t ? 'active' : ''} onClick={() => setTheme(t)}>
                {t === 'light' ? 'Light' : 'Dark'}
              </button>
            ))}
          </div>
          <p className="muted small">Dates are shown in your time zone: {userTimeZone}.</p>
          <button className="link-button" onClick={() => setShortcuts(true)}>Keyboard shortcuts</button>
        </section>

        <section className="card">
          <h2>You</h2>
          <dl className="kv-list">
            <div className="kv"><dt>Name</dt><dd>{bootstrap.user.displayName}</dd></div>
            <div className="kv"><dt>Email</dt><dd>{bootstrap.user.email}</dd></div>
            <div className="kv"><dt>Role here</dt><dd>{workspace ? ROLE_LABEL[workspace.role] : '—'} in {workspace?.name}</dd></div>
          </dl>
          {bootstrap.switchableUsers.length > 0 ? (
            <label className="field">
              <span>Act as (demo data only)</span>
              <select
                aria-label="Act as"
                value={bootstrap.user.id}
                onChange={(e) => void useSession.getState().switchUser(e.target.value).then(() => toast('Switched user', 'success'))}
              >
                {bootstrap.switchableUsers.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.displayName} — {Object.values(u.roles).map((r) => ROLE_LABEL[r]).filter((v, i, a) => a.indexOf(v) === i).join(', ')}
                  </option>
                ))}
              </select>
              <small className="muted">See the console as an SDR, a manager or the admin. Real users come from the team server once sync is set up.</small>
            </label>
          ) : null}
        </section>

        <section className="card">
          <h2>Demo data</h2>
          {bootstrap.hasDemoData ? (
            <>
              <p>The three workspaces marked “(demo)” hold generated data: 20,000 contacts, 30,000 leads, 50,000 calls, appointments and conversions. They are never synced.</p>
              {workspace?.role === 'admin' ? (
                <button className="button button-danger" onClick={() => setConfirming(true)} data-testid="remove-demo">Remove demo data…</button>
              ) : (
                <p className="muted small">Only an admin can remove it.</p>
              )}
            </>
          ) : (
            <p className="muted">No demo data on this device. <code>npm run cli -- seed</code> creates it again.</p>
          )}
        </section>

        <section className="card">
          <h2>This device</h2>
          <dl className="kv-list">
            <div className="kv"><dt>Device id</dt><dd className="mono">{bootstrap.deviceId}</dd></div>
            <div className="kv"><dt>Version</dt><dd>{bootstrap.appVersion}</dd></div>
            <div className="kv"><dt>Running as</dt><dd>{transport === 'ipc' ? 'Desktop app' : 'Browser console (local host)'}</dd></div>
          </dl>
        </section>
      </div>
      <div className="settings-wide">
        <TrafficRulesCard />
        <RfmScoringCard />
      </div>
      {confirming ? (
        <Dialog
          title="Remove demo data?"
          onClose={() => setConfirming(false)}
          footer={
            <>
              <button className="button button-ghost" onClick={() => setConfirming(false)}>Keep it</button>
              <button className="button button-danger" disabled={removing} onClick={() => void removeDemo()} data-testid="confirm-remove-demo">
                {removing ? 'Removing…' : 'Remove demo data'}
              </button>
            </>
          }
        >
          <p>This deletes the demo workspaces and every lead, call, appointment and conversion in them from this device. Your own workspaces are not touched. This cannot be undone, but <code>npm run cli -- seed</code> can create a fresh demo set.</p>
        </Dialog>
      ) : null}
    </section>
  );
}
