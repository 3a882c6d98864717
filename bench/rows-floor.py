#!/usr/bin/env python3
"""What writing an intake's rows costs PostgreSQL, with nothing else an intake does.

Writes two pgbench scripts for a database the gateway has filled with cases (bench/run.sh runs them after its
workloads):

  rows.sql   each transaction: GROUP intakes (default 7), each ONE statement that copies every row a stored case left in
             every table an intake writes (the case, its submission and link, receipt, history, deadlines, dedup
             profile and places, routing, incident membership, both queue rows) under a new case id, through all
             of those tables' indexes and foreign keys; then the two queue rows deleted, as the router and the
             linker do; one commit.
  reads.sql  the same transactions reading the same template rows and writing nothing.

rows minus reads is what the rows themselves cost: no matching, no probes, no linker comparisons, no statement but
one per intake. Incident rows (about one update per two intakes, made by the linker per batch) are left out.

Usage: rows-floor.py PSQL_URL OUT_DIR [GROUP]
"""
import subprocess
import sys

# Columns given new values below; every other column is copied as stored, except those filled by their defaults
# (ids from sequences, the writing transaction, the request tag, times of writing).
NEW = {"id", "case_id", "reference", "external_id", "idempotency_key", "submission_id"}
REGENERATED_DEFAULTS = ("nextval(", "pg_current_xact_id()", "current_setting(", "now()")
TABLES = ["complaint_case", "submission", "outbox", "case_event", "sla_deadline", "dedup_case", "dedup_place",
          "routing_case", "incident_member"]


def columns(url):
    out = subprocess.run(
        ["psql", url, "-X", "-At", "-F", "\t", "-c",
         "select table_name, column_name, coalesce(column_default, '') from information_schema.columns "
         "where table_schema = 'public' and table_name = any(array['" + "','".join(TABLES) + "']) "
         "order by table_name, ordinal_position"],
        check=True, capture_output=True, text=True).stdout
    cols = {t: [] for t in TABLES}
    for line in out.splitlines():
        table, column, default = line.split("\t")
        if column in NEW or any(d in default for d in REGENERATED_DEFAULTS):
            continue
        cols[table].append(column)
    return cols


def copied(cols, table):
    names = ", ".join(cols[table])
    return names, ", ".join("t." + c for c in cols[table])


# The stored case copied: the first at or after a random case number (numbers can have gaps).
def template(i):
    return f"tpl AS MATERIALIZED (SELECT min(id) AS id FROM complaint_case WHERE id >= :tid{i} AND id < 1e12)"


def intake(cols, i):
    v = "tpl.id"
    cc, tcc = copied(cols, "complaint_case")
    parts = [f"WITH {template(i)}", "n AS (SELECT nextval('rows_floor_seq') AS id)",
             f"c AS (INSERT INTO complaint_case (id, reference, {cc}) SELECT n.id, 'F' || n.id, {tcc}"
             f" FROM n, tpl, complaint_case t WHERE t.id = {v} RETURNING id)"]
    s, ts = copied(cols, "submission")
    parts.append(f"s AS (INSERT INTO submission (external_id, case_id, {s}) SELECT 'F' || c.id, c.id, {ts}"
                 f" FROM c, tpl, submission t WHERE t.id = (SELECT submission_id FROM case_submission"
                 f" WHERE case_id = {v} LIMIT 1) RETURNING id)")
    parts.append("cs AS (INSERT INTO case_submission (case_id, submission_id, role)"
                 " SELECT c.id, s.id, 'origin' FROM c, s)")
    o, to = copied(cols, "outbox")
    parts.append(f"o AS (INSERT INTO outbox (case_id, idempotency_key, {o}) SELECT c.id, 'F' || c.id, {to}"
                 f" FROM c, tpl, outbox t WHERE t.case_id = {v})")
    for name, table in [("e", "case_event"), ("d", "sla_deadline"), ("dc", "dedup_case"), ("dp", "dedup_place"),
                        ("r", "routing_case"), ("m", "incident_member")]:
        x, tx = copied(cols, table)
        parts.append(f"{name} AS (INSERT INTO {table} (case_id, {x}) SELECT c.id, {tx}"
                     f" FROM c, tpl, {table} t WHERE t.case_id = {v})")
    parts.append("rq AS (INSERT INTO routing_queue (case_id, queued_at, step, not_before)"
                 " SELECT c.id, now(), 'route', now() FROM c)")
    parts.append("iq AS (INSERT INTO incident_queue (case_id, queued_at) SELECT c.id, now() FROM c)")
    return ", ".join(parts) + f" SELECT id AS id{i} FROM c"


def reads(i):
    v = "tpl.id"
    probes = [f"(SELECT count(*) FROM complaint_case t WHERE t.id = {v})",
              f"(SELECT count(*) FROM submission t WHERE t.id = (SELECT submission_id FROM case_submission"
              f" WHERE case_id = {v} LIMIT 1))"]
    probes += [f"(SELECT count(*) FROM {t} t WHERE t.case_id = {v})" for t in TABLES[2:]]
    return f"WITH {template(i)} SELECT " + " + ".join(probes) + f" + nextval('rows_floor_seq') AS id{i} FROM tpl"


def main():
    url, out = sys.argv[1], sys.argv[2]
    group = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    cols = columns(url)
    head = [f"\\set tid{i} random(1, :cases)" for i in range(group)] + ["BEGIN;"]
    ids = ", ".join(f":id{i}" for i in range(group))
    rows = head + [x for i in range(group) for x in (intake(cols, i), "\\gset")]
    rows += [f"DELETE FROM routing_queue WHERE case_id IN ({ids});",
             f"DELETE FROM incident_queue WHERE case_id IN ({ids});", "COMMIT;"]
    with open(f"{out}/rows.sql", "w") as f:
        f.write("\n".join(rows) + "\n")
    with open(f"{out}/reads.sql", "w") as f:
        f.write("\n".join(head + [x for i in range(group) for x in (reads(i), "\\gset")] + ["COMMIT;"]) + "\n")


if __name__ == "__main__":
    main()
