// The workspace's routing setup: rules in the order they are tried (a rule earlier ones make
// unreachable says so), the reps in the rotation, the fallback owner, and the Test-a-lead panel
// beside them. Everyone can read it; admins change it.
import { useState } from 'react';
import type { RoutingConfigView, RoutingRepView, RoutingRuleView } from '../../../../shared/api/routing';
import { Icon } from '../../components/Icon';
import { call } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { useUi } from '../../stores/ui';
import { describeDays, leadTypeLabel, localizeMessage } from './appointment-format';
import { RepDialog, repInput } from './RepDialog';
import { RoutingTestPanel } from './RoutingTestPanel';
import { RuleDialog } from './RuleDialog';

function ruleInput(rule: RoutingRuleView, patch: Partial<RoutingRuleView>) {
  const r = { ...rule, ...patch };
  return { workspaceId: r.workspaceId, id: r.id, name: r.name, productTypes: r.productTypes, zipPatterns: r.zipPatterns, priority: r.priority, isActive: r.isActive, targetTeam: r.targetTeam, notes: r.notes };
}

export function RoutingTab({ config, onConfig, error }: { config: RoutingConfigView | null; onConfig: (c: RoutingConfigView) => void; error: string | null }) {
  const toast = useUi((s) => s.toast);
  const [editing, setEditing] = useState<RoutingRuleView | 'new' | null>(null);
  const [editingRep, setEditingRep] = useState<RoutingRepView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  if (error && !config) return <div className="banner banner-error" role="alert"><Icon name="alert" /> Could not load the routing setup: {error}</div>;
  if (!config) return <p className="muted routing-loading">Loading the routing setup…</p>;
  const canEdit = config.editable;

  const run = async (key: string, work: () => Promise<RoutingConfigView>, message?: string) => {
    setBusy(key);
    try {
      onConfig(await work());
      if (message) toast(message, 'success');
    } catch (err) {
      toast(`Not saved: ${localizeMessage((err as Error).message)}`, 'error');
    } finally {
      setBusy(null);
    }
  };

  const remove = (rule: RoutingRuleView) =>
    run(`rule-${rule.id}`, () => call('routing.deleteRule', { id: rule.id })).then(() =>
      toast(`Deleted rule “${rule.name}”`, 'info', {
        label: 'Undo',
        run: () => void run(`rule-${rule.id}`, () => call('routing.restoreRule', { id: rule.id }), `Restored “${rule.name}”`),
      }),
    );

  const members = config.reps;
  const inRotation = config.reps.filter((r) => r.inRotation).length;
  return (
    <div className="routing-layout" data-testid="routing-tab">
      <div className="routing-main">
        {!canEdit ? (
          <p className="routing-readonly" data-testid="routing-readonly">
            <Icon name="alert" size={14} /> You can read this setup and test leads against it; only the workspace's admins change it.
          </p>
        ) : null}
        <section className="card routing-card" aria-label="Routing rules">
          <div className="card-title-row">
            <h2>Rules <span className="count">{formatCount(config.rules.length)}</span></h2>
            <span className="muted small">Tried from the lowest priority number; the first that takes the lead decides the team.</span>
            {canEdit ? (
              <button className="button button-primary" onClick={() => setEditing('new')} data-testid="rule-add">
                <Icon name="plus" size={14} /> Add rule
              </button>
            ) : null}
          </div>
          {config.rules.length === 0 ? (
            <div className="routing-empty" data-testid="rules-empty">
              <strong>No routing rules.</strong> Whoever books an appointment chooses the rep.{canEdit ? ' Add a rule to route bookings by lead type and zip.' : ''}
            </div>
          ) : (
            <table className="appt-table routing-table" data-testid="rules-table">
              <thead>
                <tr>
                  <th className="num">Priority</th>
                  <th>Rule</th>
                  <th>Lead types</th>
                  <th>Zip codes</th>
                  <th>Team</th>
                  <th>Active</th>
                  {canEdit ? <th aria-label="Actions" /> : null}
                </tr>
              </thead>
              <tbody>
                {config.rules.map((r) => (
                  <tr key={r.id} data-rule-id={r.id} className={r.isActive ? '' : 'row-inactive'}>
                    <td className="num mono">{r.priority}</td>
                    <td className="cell-rule">
                      <span className="cell-main">{r.name}</span>
                      {r.notes ? <span className="muted small block">{r.notes}</span> : null}
                      {r.shadowedBy ? (
                        <span className="shadow-warning" role="note" data-testid="rule-shadowed">
                          <Icon name="alert" size={12} /> {r.shadowedBy.message}
                        </span>
                      ) : null}
                    </td>
                    <td>{r.productTypes.length ? r.productTypes.map((t) => <span key={t} className={`type-dot type-${t} type-item`}>{leadTypeLabel(t)}</span>) : <span className="muted">Any</span>}</td>
                    <td className="mono cell-zips" title={r.zipPatterns.join('\n')}>{r.zipPatterns.length ? r.zipPatterns.join(', ') : <span className="muted">Any zip</span>}</td>
                    <td className="nowrap">{r.targetTeam ?? <span className="muted">Every rep</span>}</td>
                    <td>
                      {canEdit ? (
                        <label className="switch" title={r.isActive ? 'Active: click to pause the rule' : 'Paused: click to make it active'}>
                          <input type="checkbox" checked={r.isActive} disabled={busy === `rule-${r.id}`} onChange={(e) => void run(`rule-${r.id}`, () => call('routing.saveRule', ruleInput(r, { isActive: e.target.checked })), e.target.checked ? `“${r.name}” is active` : `“${r.name}” is paused`)} aria-label={`${r.name} active`} data-testid="rule-toggle" />
                          <span>{r.isActive ? 'On' : 'Off'}</span>
                        </label>
                      ) : r.isActive ? 'Yes' : <span className="muted">Paused</span>}
                    </td>
                    {canEdit ? (
                      <td className="cell-actions">
                        <button className="button button-ghost" onClick={() => setEditing(r)} data-testid="rule-edit">Edit</button>
                        <button className="button button-ghost danger-text" onClick={() => void remove(r)} disabled={busy === `rule-${r.id}`} data-testid="rule-delete">Delete</button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="card routing-card" aria-label="Reps">
          <div className="card-title-row">
            <h2>Reps <span className="count">{formatCount(inRotation)} in the rotation</span></h2>
            <span className="muted small">Weighted round robin over the last {config.rotationWindowDays} days; a rep is skipped when off, at the cap or already booked.</span>
          </div>
          <table className="appt-table routing-table" data-testid="reps-table">
            <thead>
              <tr>
                <th>Rep</th>
                <th>Team</th>
                <th className="num">Weight</th>
                <th className="num">Cap / day</th>
                <th>Working hours</th>
                <th>Time zone</th>
                <th>In rotation</th>
                <th className="num" title={`Appointments routed to the rep in the last ${config.rotationWindowDays} days: the round robin's count`}>Last {config.rotationWindowDays} d</th>
                {canEdit ? <th aria-label="Actions" /> : null}
              </tr>
            </thead>
            <tbody>
              {config.reps.map((r) => (
                <tr key={r.userId} data-rep-id={r.userId} className={r.inRotation ? '' : 'row-inactive'}>
                  <td className="nowrap">
                    <span className="cell-main">{r.name}</span>
                    <span className="muted small block">{r.role}</span>
                  </td>
                  <td className="nowrap">{r.team ?? <span className="muted">—</span>}</td>
                  <td className="num">{r.configured ? r.weight : <span className="muted">—</span>}</td>
                  <td className="num">{r.configured ? (r.dailyCap ?? <span className="muted">none</span>) : <span className="muted">—</span>}</td>
                  <td className="nowrap">
                    {!r.configured ? (
                      <span className="muted">—</span>
                    ) : r.hours ? (
                      <>
                        {describeDays(r.hours.days)}
                        <span className="muted small block">{r.hours.start}–{r.hours.end}</span>
                      </>
                    ) : (
                      'Any time'
                    )}
                  </td>
                  <td className="small nowrap">{r.timeZone.replace(/_/g, ' ')}</td>
                  <td>
                    {canEdit ? (
                      <label className="switch">
                        <input type="checkbox" checked={r.inRotation} disabled={busy === `rep-${r.userId}`} onChange={(e) => void run(`rep-${r.userId}`, () => call('routing.saveRep', repInput(config.workspaceId, r, { inRotation: e.target.checked })), e.target.checked ? `${r.name} is in the rotation` : `${r.name} is out of the rotation`)} aria-label={`${r.name} in rotation`} data-testid="rep-toggle" />
                        <span>{r.inRotation ? 'Yes' : 'No'}</span>
                      </label>
                    ) : r.inRotation ? 'Yes' : <span className="muted">No</span>}
                  </td>
                  <td className="num">{formatCount(r.assignedInWindow)}</td>
                  {canEdit ? (
                    <td className="cell-actions">
                      <button className="button button-ghost" onClick={() => setEditingRep(r)} data-testid="rep-edit">{r.configured ? 'Edit' : 'Set up'}</button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="card routing-card routing-fallback" aria-label="Fallback owner">
          <div className="card-title-row">
            <h2>Fallback owner</h2>
            <span className="muted small">Takes a booking when no rule matches, or no rep of the rule's team can take it.</span>
          </div>
          <label className="field fallback-field">
            <span>Fallback owner</span>
            <select
              value={config.fallbackOwnerId ?? ''}
              disabled={!canEdit || busy === 'fallback'}
              onChange={(e) => void run('fallback', () => call('routing.setFallback', { workspaceId: config.workspaceId, userId: e.target.value || null }), e.target.value ? 'Fallback owner set' : 'No fallback owner: such bookings wait unrouted')}
              data-testid="fallback-select"
            >
              <option value="">Nobody: the booking waits in the Unrouted queue</option>
              {members.map((m) => <option key={m.userId} value={m.userId}>{m.name} ({m.role})</option>)}
            </select>
          </label>
        </section>
      </div>
      <aside className="routing-side">
        <RoutingTestPanel config={config} />
      </aside>
      {editing ? (
        <RuleDialog
          config={config}
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(c, name) => {
            setEditing(null);
            onConfig(c);
            toast(editing === 'new' ? `Added rule “${name}”` : `Saved rule “${name}”`, 'success');
          }}
        />
      ) : null}
      {editingRep ? (
        <RepDialog
          config={config}
          rep={editingRep}
          onClose={() => setEditingRep(null)}
          onSaved={(c) => {
            setEditingRep(null);
            onConfig(c);
            toast(`Saved ${editingRep.name}'s routing`, 'success');
          }}
        />
      ) : null}
    </div>
  );
}
