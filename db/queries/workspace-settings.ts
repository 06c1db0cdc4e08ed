import { DEFAULT_TRAFFIC_RULES, DEFAULT_TRAFFIC_SOURCES, type TrafficRule, type TrafficSourceDef } from '../../shared/domain/traffic-source';
import { prepared, type AppDb } from '../connection';
import { workspaceSettings } from '../schema';
import { insertRow, transaction, updateRow, type Writer } from '../write';

export interface TrafficConfig {
  sources: TrafficSourceDef[];
  rules: TrafficRule[];
  /** True while the workspace uses the built-in defaults (nothing saved yet). */
  isDefault: boolean;
}

export function trafficConfig(db: AppDb, workspaceId: string): TrafficConfig {
  const row = prepared(db, 'SELECT traffic_sources, traffic_rules FROM workspace_settings WHERE workspace_id = ? AND deleted_at IS NULL').get(workspaceId) as
    | { traffic_sources: string | null; traffic_rules: string | null }
    | undefined;
  const sources = row?.traffic_sources ? (JSON.parse(row.traffic_sources) as TrafficSourceDef[]) : [...DEFAULT_TRAFFIC_SOURCES];
  const rules = row?.traffic_rules ? (JSON.parse(row.traffic_rules) as TrafficRule[]) : [...DEFAULT_TRAFFIC_RULES];
  return { sources, rules, isDefault: !row?.traffic_sources && !row?.traffic_rules };
}

/** Saves the workspace's sources and rules; the settings row's id is the workspace id (one per workspace, on every device). */
export function saveTrafficConfig(w: Writer, workspaceId: string, sources: TrafficSourceDef[], rules: TrafficRule[]): TrafficConfig {
  return transaction(w.db, () => {
    const values = { trafficSources: JSON.stringify(sources), trafficRules: JSON.stringify(rules) };
    const exists = prepared(w.db, 'SELECT 1 FROM workspace_settings WHERE id = ?').get(workspaceId);
    if (exists) updateRow(w, workspaceSettings, workspaceId, values);
    else insertRow(w, workspaceSettings, { id: workspaceId, workspaceId, ...values });
    return trafficConfig(w.db, workspaceId);
  });
}

/** Back to the built-in defaults. */
export function resetTrafficConfig(w: Writer, workspaceId: string): TrafficConfig {
  return transaction(w.db, () => {
    if (prepared(w.db, 'SELECT 1 FROM workspace_settings WHERE id = ?').get(workspaceId)) {
      updateRow(w, workspaceSettings, workspaceId, { trafficSources: null, trafficRules: null });
    }
    return trafficConfig(w.db, workspaceId);
  });
}
