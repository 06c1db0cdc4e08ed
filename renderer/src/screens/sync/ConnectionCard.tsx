// Connection settings: host, port, database, user, password, TLS mode; test, save and sync; forget.
// Validation errors sit next to their field (the same zod schema the main process checks with).
import { useEffect, useState, type FormEvent } from 'react';
import { ConnectionInput, SSL_MODES, type ConnectionTestResult, type SyncStatusView } from '../../../../shared/api/sync';
import { ApiCallError, call } from '../../lib/api';
import { useUi } from '../../stores/ui';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';

const SSL_LABEL: Record<(typeof SSL_MODES)[number], string> = {
  disable: 'Off (only on a trusted network)',
  require: 'Encrypted',
  'verify-full': 'Encrypted, certificate verified',
};

const PASSWORD_NOTE: Record<Exclude<SyncStatusView['passwordSource'], null>, string> = {
  keychain: 'A password is saved in the system keychain. Leave this empty to keep it.',
  session: 'A password is kept for this session. Leave this empty to keep it.',
  environment: 'The password comes from CONVIO_PG_PASSWORD. Leave this empty to keep using it.',
  file: 'The password comes from the file named by CONVIO_PG_PASSWORD_FILE. Leave this empty to keep using it.',
};

interface Draft {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  sslMode: (typeof SSL_MODES)[number];
  rememberPassword: boolean;
  enabled: boolean;
}

function draftOf(status: SyncStatusView): Draft {
  const c = status.connection;
  return {
    host: c?.host ?? '',
    port: String(c?.port ?? 5432),
    database: c?.database ?? 'convio',
    user: c?.user ?? '',
    password: '',
    sslMode: c?.sslMode ?? 'require',
    rememberPassword: status.secrets.canPersist,
    enabled: c?.enabled ?? true,
  };
}

export function ConnectionCard({ status, onChange }: { status: SyncStatusView; onChange: (s: SyncStatusView) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(status));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [tested, setTested] = useState<ConnectionTestResult | null>(null);
  const [forgetting, setForgetting] = useState(false);
  const { toast } = useUi.getState();
  const configuredKey = status.connection ? `${status.connection.host}:${status.connection.port}/${status.connection.database}/${status.connection.user}` : '';

  // Another window (or a forget) changed the saved connection: show it.
  useEffect(() => {
    setDraft((d) => ({ ...draftOf(status), password: d.password }));
  }, [configuredKey]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => {
      const { [key]: _gone, ...rest } = e;
      return rest;
    });
    setTested(null);
  };

  /** The input as the contract wants it, or field errors. */
  const parse = () => {
    const input = {
      host: draft.host,
      port: Number(draft.port),
      database: draft.database,
      user: draft.user,
      sslMode: draft.sslMode,
      ...(draft.password ? { password: draft.password } : {}),
      rememberPassword: draft.rememberPassword,
    };
    const parsed = ConnectionInput.safeParse(input);
    const next: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message;
    if (Number.isNaN(input.port)) next.port = 'must be a number';
    if (!draft.password && !status.passwordSource) next.password = 'enter the password for this user';
    setErrors(next);
    return parsed.success && Object.keys(next).length === 0 ? parsed.data : null;
  };

  const test = async () => {
    const input = parse();
    if (!input) return;
    setBusy('test');
    try {
      setTested(await call('sync.test', input));
    } catch (err) {
      setTested({ ok: false, message: err instanceof ApiCallError ? err.message : String(err), serverVersion: null, schemaVersion: null, workspaces: [] });
    } finally {
      setBusy(null);
    }
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    const input = parse();
    if (!input) return;
    setBusy('save');
    try {
      const next = await call('sync.saveSettings', { ...input, enabled: draft.enabled });
      onChange(next);
      setDraft((d) => ({ ...d, password: '' }));
      toast(draft.enabled ? 'Connection saved. Syncing…' : 'Connection saved. Background sync is paused.', 'success');
      if (draft.enabled) onChange(await call('sync.now', {}));
    } catch (err) {
      if (err instanceof ApiCallError && err.fields.length > 0) {
        setErrors(Object.fromEntries(err.fields.map((f) => [f.field, f.message])));
      } else {
        toast(err instanceof ApiCallError ? err.message : String(err), 'error');
      }
    } finally {
      setBusy(null);
    }
  };

  const forget = async () => {
    onChange(await call('sync.forget', {}));
    setForgetting(false);
    setDraft(draftOf({ ...status, connection: null }));
    toast('This device no longer syncs. Everything stays here.', 'success');
  };

  const field = (key: keyof Draft, label: string, input: React.ReactNode, hint?: string) => (
    <label className={`field ${errors[key] ? 'field-invalid' : ''}`}>
      <span>{label}</span>
      {input}
      {errors[key] ? <small className="field-error" data-testid={`error-${key}`}>{errors[key]}</small> : hint ? <small className="muted">{hint}</small> : null}
    </label>
  );

  return (
    <section className="card sync-connection">
      <h2>Team server</h2>
      <form className="sync-form" onSubmit={(e) => void save(e)} noValidate data-testid="sync-form">
        <div className="sync-form-row">
          {field('host', 'Server', <input value={draft.host} onChange={(e) => set('host', e.target.value)} placeholder="db.example.com" autoComplete="off" spellCheck={false} name="host" aria-invalid={!!errors.host} />)}
          {field('port', 'Port', <input value={draft.port} onChange={(e) => set('port', e.target.value)} inputMode="numeric" name="port" aria-invalid={!!errors.port} />)}
        </div>
        <div className="sync-form-row even">
          {field('database', 'Database', <input value={draft.database} onChange={(e) => set('database', e.target.value)} spellCheck={false} name="database" aria-invalid={!!errors.database} />)}
          {field('user', 'User', <input value={draft.user} onChange={(e) => set('user', e.target.value)} autoComplete="username" spellCheck={false} name="user" aria-invalid={!!errors.user} />)}
        </div>
        {field(
          'password',
          'Password',
          <input type="password" value={draft.password} onChange={(e) => set('password', e.target.value)} autoComplete="current-password" name="password" placeholder={status.passwordSource ? '••••••••  (kept)' : ''} aria-invalid={!!errors.password} />,
          status.passwordSource ? PASSWORD_NOTE[status.passwordSource] : undefined,
        )}
        {status.secrets.canPersist ? (
          <label className="check">
            <input type="checkbox" checked={draft.rememberPassword} onChange={(e) => set('rememberPassword', e.target.checked)} name="remember" />
            <span>Remember the password in {status.secrets.where}</span>
          </label>
        ) : status.secrets.reason ? (
          <p className="muted small sync-note" data-testid="secrets-reason">{status.secrets.reason}</p>
        ) : null}
        {field(
          'sslMode',
          'Encryption (TLS)',
          <select value={draft.sslMode} onChange={(e) => set('sslMode', e.target.value as Draft['sslMode'])} name="sslMode">
            {SSL_MODES.map((m) => (
              <option key={m} value={m}>{SSL_LABEL[m]}</option>
            ))}
          </select>,
        )}
        <label className="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} name="enabled" />
          <span>Sync in the background every few seconds</span>
        </label>
        {tested ? (
          <div className={`banner ${tested.ok ? 'banner-ok' : 'banner-error'}`} role="status" data-testid="sync-test-result">
            <Icon name={tested.ok ? 'check' : 'alert'} />
            <span>
              {tested.message}
              {tested.serverVersion ? <span className="muted small"> PostgreSQL {tested.serverVersion}, schema {tested.schemaVersion}.</span> : null}
            </span>
          </div>
        ) : null}
        <div className="sync-actions">
          <button type="button" className="button" onClick={() => void test()} disabled={busy !== null} data-testid="sync-test">
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="submit" className="button button-primary" disabled={busy !== null} data-testid="sync-save">
            {busy === 'save' ? 'Saving…' : 'Save and sync'}
          </button>
          <div className="spacer" />
          {status.configured ? (
            <button type="button" className="button button-ghost" onClick={() => setForgetting(true)} data-testid="sync-forget">
              Stop syncing…
            </button>
          ) : null}
        </div>
      </form>
      {forgetting ? (
        <Dialog
          title="Stop syncing this device?"
          onClose={() => setForgetting(false)}
          footer={
            <>
              <button className="button button-ghost" onClick={() => setForgetting(false)}>Keep syncing</button>
              <button className="button button-danger" onClick={() => void forget()} data-testid="confirm-forget">Stop syncing</button>
            </>
          }
        >
          <p>The connection and the saved password are removed from this device. Your data stays here, and changes made from now on wait until you connect again{status.pending > 0 ? `, along with the ${status.pending.toLocaleString()} not yet sent` : ''}.</p>
        </Dialog>
      ) : null}
    </section>
  );
}
