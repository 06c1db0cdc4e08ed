// The server side of the push, generated with the rest of the sync schema (schema-gen.ts).
//
// A push batch arrives in per-session staging tables (pg_temp.convio_stage_<table>, every data
// column as text): the app streams it there with COPY, the cheapest way into Postgres; the older
// JSON entry point (push(client, jsonb)) expands its changes into the same tables. From there one
// set-based statement per table and operation applies it, with per-column last writer wins. A
// statement the server refuses is retried on halves of its rows until the refused rows are alone:
// they are recorded with the server's reason, the rest land. Idempotent by (client, sequence).
//
// Clocks: a row carries "_clock" (the clock of every column not named in "_clocks") and "_clocks"
// (column -> clock, for columns written later or separately). A row inserted once and never
// edited stores one clock, not one per column.
import type { PgTable } from './schema-gen';

const q = (name: string) => `"${name}"`;

/** The clock of column c in a row (or staged change) with base `base` and per-column `clocks`. */
const clockOf = (clocks: string, base: string, c: string) => `coalesce(${clocks} ->> '${c}', ${base})`;

/** Clocks compare as bytes (fixed-width text), whatever the database's collation. */
const after = (a: string, b: string) => `${a} COLLATE "C" > ${b}`;

export function stageTableName(table: string): string {
  return `convio_stage_${table}`;
}

export const STAGE_META_COLUMNS = ['_seq', '_op', '_clock', '_clocks'] as const;

function stageDdl(pg: PgTable): string {
  const cols = pg.columns.map((c) => `${q(c.name)} text`).join(', ');
  return `CREATE TEMP TABLE ${stageTableName(pg.name)} ("_seq" bigint NOT NULL, "_op" text NOT NULL, "_clock" text, "_clocks" jsonb, ${cols}) ON COMMIT DELETE ROWS`;
}

function cast(pg: PgTable, column: string, expr: string): string {
  const type = pg.columns.find((c) => c.name === column)!.type;
  return type === 'text' ? expr : `${expr}::${type}`;
}

/** Columns a change may set (the row's id and tenant are fixed once created). */
const settable = (pg: PgTable) => pg.columns.map((c) => c.name).filter((c) => c !== 'id' && c !== 'workspace_id');

function applyFunctions(schema: string, pg: PgTable): string {
  const t = `${schema}.${q(pg.name)}`;
  const stage = `pg_temp.${stageTableName(pg.name)}`;
  const cols = pg.columns.map((c) => c.name);
  const colArray = `ARRAY[${cols.map((c) => `'${c}'`).join(', ')}]`;
  const staged = `s."_seq" BETWEEN p_lo AND p_hi`;
  const fn = (op: string) => `${schema}.${q(`apply_${pg.name}_${op}`)}`;
  const header = (op: string) => `CREATE FUNCTION ${fn(op)}(p_client text, p_lo bigint, p_hi bigint) RETURNS void
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, ${schema} AS $fn$
BEGIN`;
  const wins = (inc: string, incBase: string, c: string) => after(clockOf(inc, incBase, c), clockOf('t."_clocks"', 't."_clock"', c));
  const onConflict = settable(pg).map((c) => `    ${q(c)} = CASE WHEN ${wins('EXCLUDED."_clocks"', 'EXCLUDED."_clock"', c)} THEN EXCLUDED.${q(c)} ELSE t.${q(c)} END`);
  // An update names each column it sets in its clocks; a base clock would set every column.
  const update = settable(pg).map((c) => `      ${q(c)} = CASE WHEN ${wins('s."_clocks"', 'NULL', c)} THEN ${cast(pg, c, `s.${q(c)}`)} ELSE t.${q(c)} END`);
  const insert = `INSERT INTO ${t} AS t (${cols.map(q).join(', ')}, "_clock", "_clocks")
  SELECT ${cols.map((c) => cast(pg, c, `s.${q(c)}`)).join(', ')}, coalesce(s."_clock", ''), coalesce(s."_clocks", '{}'::jsonb)
  FROM ${stage} s WHERE s."_op" = 'insert' AND ${staged}
  ON CONFLICT ("id") DO UPDATE SET
${onConflict.join(',\n')},
    "_clocks" = ${schema}.merge_clocks(t."_clock", t."_clocks", EXCLUDED."_clock", EXCLUDED."_clocks", ${colArray}),
    "_xid" = pg_current_xact_id();`;
  // Contact codes collide rarely (two laptops offline minting the same one): the codes are
  // resolved only when the insert meets a unique violation, then it runs again.
  const body =
    pg.name === 'contacts'
      ? `  BEGIN
  ${insert}
  EXCEPTION WHEN unique_violation THEN
    PERFORM ${schema}.resolve_contact_codes(p_lo, p_hi);
  ${insert}
  END;
`
      : `  ${insert}
`;
  return `${header('inserts')}
${body}END $fn$;
${header('updates')}
  -- An update whose row the server does not have (or this user may not see) cannot apply.
  WITH done AS (
    UPDATE ${t} AS t SET
${update.join(',\n')},
      "_clocks" = ${schema}.merge_clocks(t."_clock", t."_clocks", NULL, s."_clocks", ${colArray}),
      "_xid" = pg_current_xact_id()
    FROM ${stage} s WHERE s."_op" = 'update' AND ${staged} AND t."id" = s."id"::uuid
    RETURNING t."id"
  )
  INSERT INTO ${schema}.sync_rejections (client_id, seq, table_name, row_id, reason)
  SELECT p_client, s."_seq", '${pg.name}', s."id"::uuid, 'The row is not on the server (its creation was refused, or it is not yours to change)'
  FROM ${stage} s WHERE s."_op" = 'update' AND ${staged} AND NOT EXISTS (SELECT 1 FROM done WHERE done."id" = s."id"::uuid)
  ON CONFLICT (client_id, seq) DO UPDATE SET reason = EXCLUDED.reason;
END $fn$;
REVOKE ALL ON FUNCTION ${fn('inserts')}(text, bigint, bigint), ${fn('updates')}(text, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${fn('inserts')}(text, bigint, bigint), ${fn('updates')}(text, bigint, bigint) TO convio_member;`;
}

export function pushFunctions(schema: string, pgs: PgTable[]): string {
  const order = `ARRAY[${pgs.map((p) => `'${p.name}'`).join(', ')}]`;
  const stageCases = pgs.map((pg) => `    WHEN '${pg.name}' THEN EXECUTE '${stageDdl(pg)}';`).join('\n');
  return `-- Per-column last writer wins merge of clocks: the stored ones, plus each incoming column clock
-- newer than the stored one (all columns when the incoming change has a base clock).
CREATE FUNCTION ${schema}.merge_clocks(st_base text, st jsonb, inc_base text, inc jsonb, cols text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $fn$
  SELECT coalesce(st, '{}'::jsonb) || coalesce((
    SELECT jsonb_object_agg(k, v) FROM (
      SELECT k, coalesce(inc ->> k, inc_base) AS v
      FROM unnest(CASE WHEN coalesce(inc_base, '') = '' THEN ARRAY(SELECT jsonb_object_keys(coalesce(inc, '{}'::jsonb))) ELSE cols END) AS k
    ) x WHERE v COLLATE "C" > coalesce(st ->> k, st_base, '')
  ), '{}'::jsonb)
$fn$;
GRANT EXECUTE ON FUNCTION ${schema}.merge_clocks(text, jsonb, text, jsonb, text[]) TO convio_member;

-- The staging table of one synced table, in this session, created on first use and empty.
CREATE FUNCTION ${schema}.stage_table(p_table text) RETURNS void
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, ${schema} AS $fn$
BEGIN
  IF to_regclass('pg_temp.' || quote_ident('convio_stage_' || p_table)) IS NOT NULL THEN
    EXECUTE format('DELETE FROM pg_temp.%I', 'convio_stage_' || p_table);
    RETURN;
  END IF;
  CASE p_table
${stageCases}
    ELSE RAISE EXCEPTION '% is not a synced table', p_table USING ERRCODE = '42P01';
  END CASE;
END $fn$;

${pgs.map((pg) => applyFunctions(schema, pg)).join('\n\n')}

-- Applies the staged changes of one table and operation with sequence in [p_lo, p_hi]; when the
-- server refuses the statement, each half is tried on its own, down to the single refused change,
-- which is recorded with the server's reason (it names the rule, never the row's values).
CREATE FUNCTION ${schema}.apply_staged(p_client text, p_table text, p_op text, p_lo bigint, p_hi bigint) RETURNS void
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, ${schema} AS $fn$
DECLARE
  v_error text;
  v_seqs bigint[];
  v_id text;
BEGIN
  BEGIN
    EXECUTE format('SELECT ${schema}.%I($1, $2, $3)', 'apply_' || p_table || '_' || p_op || 's') USING p_client, p_lo, p_hi;
    RETURN;
  EXCEPTION WHEN OTHERS THEN
    v_error := SQLERRM;
  END;
  EXECUTE format('SELECT array_agg("_seq" ORDER BY "_seq") FROM pg_temp.%I WHERE "_op" = $1 AND "_seq" BETWEEN $2 AND $3', 'convio_stage_' || p_table)
    INTO v_seqs USING p_op, p_lo, p_hi;
  IF coalesce(cardinality(v_seqs), 0) = 0 THEN
    RAISE EXCEPTION '%', v_error;
  ELSIF cardinality(v_seqs) = 1 THEN
    EXECUTE format('SELECT "id" FROM pg_temp.%I WHERE "_seq" = $1', 'convio_stage_' || p_table) INTO v_id USING v_seqs[1];
    INSERT INTO ${schema}.sync_rejections (client_id, seq, table_name, row_id, reason) VALUES (p_client, v_seqs[1], p_table, v_id::uuid, v_error)
    ON CONFLICT (client_id, seq) DO UPDATE SET reason = EXCLUDED.reason;
  ELSE
    PERFORM ${schema}.apply_staged(p_client, p_table, p_op, p_lo, v_seqs[cardinality(v_seqs) / 2]);
    PERFORM ${schema}.apply_staged(p_client, p_table, p_op, v_seqs[cardinality(v_seqs) / 2] + 1, p_hi);
  END IF;
END $fn$;

-- Starts a push (inside the client's transaction): registers the device to this login, locks its
-- row until commit (one push per device at a time), and readies the staging tables. Returns the
-- sequence already applied for this device.
CREATE FUNCTION ${schema}.push_begin(p_client text, p_tables text[]) RETURNS bigint
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, ${schema} AS $fn$
DECLARE
  v_acked bigint;
  v_table text;
BEGIN
  INSERT INTO ${schema}.sync_clients (client_id) VALUES (p_client) ON CONFLICT (client_id) DO NOTHING;
  SELECT acked_seq INTO v_acked FROM ${schema}.sync_clients WHERE client_id = p_client FOR UPDATE;
  IF v_acked IS NULL THEN
    RAISE EXCEPTION 'This device id is registered to another user' USING ERRCODE = '42501';
  END IF;
  FOREACH v_table IN ARRAY p_tables LOOP
    PERFORM ${schema}.stage_table(v_table);
  END LOOP;
  RETURN v_acked;
END $fn$;

-- Every refusal recorded for the device in [p_first, p_last], including ones from an earlier,
-- interrupted attempt, so a resent batch is answered the same way.
CREATE FUNCTION ${schema}.push_answer(p_client text, p_first bigint, p_last bigint, p_acked bigint, p_replayed boolean) RETURNS jsonb
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, ${schema} AS $fn$
  SELECT jsonb_build_object('acked', p_acked, 'replayed', p_replayed, 'rejected', coalesce((
    SELECT jsonb_agg(jsonb_build_object('seq', seq, 'table', table_name, 'id', row_id, 'reason', reason) ORDER BY seq)
    FROM ${schema}.sync_rejections WHERE client_id = p_client AND seq BETWEEN p_first AND p_last), '[]'::jsonb))
$fn$;

-- Applies what push_begin's caller staged, parents before children; a batch already applied is
-- answered from the record, not applied again.
CREATE FUNCTION ${schema}.push_apply(p_client text, p_first bigint, p_last bigint, p_tables text[]) RETURNS jsonb
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, ${schema} AS $fn$
DECLARE
  v_acked bigint;
  v_table text;
  v_op text;
BEGIN
  SELECT acked_seq INTO v_acked FROM ${schema}.sync_clients WHERE client_id = p_client FOR UPDATE;
  IF v_acked IS NULL THEN
    RAISE EXCEPTION 'This device id is registered to another user' USING ERRCODE = '42501';
  END IF;
  IF p_last <= v_acked THEN
    RETURN ${schema}.push_answer(p_client, p_first, p_last, v_acked, true);
  END IF;
  FOREACH v_table IN ARRAY ${order} LOOP
    CONTINUE WHEN NOT (v_table = ANY (p_tables));
    FOREACH v_op IN ARRAY ARRAY['insert', 'update'] LOOP
      PERFORM ${schema}.apply_staged(p_client, v_table, v_op, v_acked + 1, p_last);
    END LOOP;
  END LOOP;
  UPDATE ${schema}.sync_clients SET acked_seq = p_last, updated_at = now() WHERE client_id = p_client;
  RETURN ${schema}.push_answer(p_client, p_first, p_last, p_last, false);
END $fn$;

-- The same push in one call, with the batch as JSON: {first_seq, last_seq, changes: [{seq, table,
-- id, op, data, clock?, clocks}]}. For small pushes and tools; the app streams with COPY instead.
CREATE FUNCTION ${schema}.push(p_client text, p_batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, ${schema} AS $fn$
DECLARE
  v_first bigint := (p_batch ->> 'first_seq')::bigint;
  v_last bigint := (p_batch ->> 'last_seq')::bigint;
  v_tables text[];
  v_table text;
BEGIN
  SELECT coalesce(array_agg(DISTINCT ch ->> 'table'), '{}') INTO v_tables FROM jsonb_array_elements(p_batch -> 'changes') AS ch;
  IF v_last > ${schema}.push_begin(p_client, v_tables) THEN
    FOREACH v_table IN ARRAY v_tables LOOP
      EXECUTE format($q$INSERT INTO pg_temp.%1$I SELECT r.* FROM jsonb_array_elements($1) AS ch
        CROSS JOIN LATERAL jsonb_populate_record(NULL::pg_temp.%1$I, coalesce(ch -> 'data', '{}'::jsonb) || jsonb_build_object(
          '_seq', ch -> 'seq', '_op', ch -> 'op', '_clock', ch -> 'clock', '_clocks', coalesce(ch -> 'clocks', '{}'::jsonb), 'id', ch -> 'id')) AS r
        WHERE ch ->> 'table' = $2$q$, 'convio_stage_' || v_table) USING p_batch -> 'changes', v_table;
    END LOOP;
  END IF;
  RETURN ${schema}.push_apply(p_client, v_first, v_last, v_tables);
END $fn$;

-- Contact codes are unique per workspace, but two laptops offline may mint the same one: the
-- server keeps the first and gives the later contact a free code (its new value syncs back).
CREATE FUNCTION ${schema}.resolve_contact_codes(p_lo bigint, p_hi bigint) RETURNS void
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, ${schema} AS $fn$
DECLARE
  r record;
  v_code text;
BEGIN
  FOR r IN
    SELECT s."_seq" AS seq, s."workspace_id" AS ws FROM (
      SELECT s.*, row_number() OVER (PARTITION BY s."workspace_id", s."contact_code" ORDER BY s."_seq") AS nth
      FROM pg_temp.convio_stage_contacts s WHERE s."_op" = 'insert' AND s."_seq" BETWEEN p_lo AND p_hi AND s."contact_code" IS NOT NULL
    ) s
    WHERE s.nth > 1 OR EXISTS (SELECT 1 FROM ${schema}.contacts c WHERE c."workspace_id" = s."workspace_id"::uuid AND c."contact_code" = s."contact_code" AND c."id" <> s."id"::uuid)
    ORDER BY s."_seq"
  LOOP
    LOOP
      v_code := (100000 + floor(random() * 900000))::int::text;
      EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_temp.convio_stage_contacts e WHERE e."workspace_id" = r.ws AND e."contact_code" = v_code)
        AND NOT EXISTS (SELECT 1 FROM ${schema}.contacts c WHERE c."workspace_id" = r.ws::uuid AND c."contact_code" = v_code);
    END LOOP;
    UPDATE pg_temp.convio_stage_contacts SET "contact_code" = v_code WHERE "_seq" = r.seq;
  END LOOP;
END $fn$;

REVOKE ALL ON FUNCTION ${schema}.stage_table(text), ${schema}.apply_staged(text, text, text, bigint, bigint), ${schema}.push_begin(text, text[]),
  ${schema}.push_answer(text, bigint, bigint, bigint, boolean), ${schema}.push_apply(text, bigint, bigint, text[]), ${schema}.push(text, jsonb),
  ${schema}.resolve_contact_codes(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ${schema}.stage_table(text), ${schema}.apply_staged(text, text, text, bigint, bigint), ${schema}.push_begin(text, text[]),
  ${schema}.push_answer(text, bigint, bigint, bigint, boolean), ${schema}.push_apply(text, bigint, bigint, text[]), ${schema}.push(text, jsonb),
  ${schema}.resolve_contact_codes(bigint, bigint) TO convio_member;`;
}
