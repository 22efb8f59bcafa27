#!/usr/bin/env bash
# Start the machine's PostgreSQL for the tests and print the URL they should use.
# Idempotent: an already running cluster and an existing role are fine.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "start-test-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n 1)
if [[ -z "${version:-}" ]]; then
  echo "start-test-postgres: no PostgreSQL cluster on this machine" >&2
  exit 1
fi
if [[ "$status" != online* ]]; then
  pg_ctlcluster "$version" "$cluster" start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -p "$port" && break
  sleep 1
done
pg_isready -q -p "$port" || { echo "start-test-postgres: server did not come up" >&2; exit 1; }
as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'checkpoint') THEN
    CREATE ROLE checkpoint LOGIN CREATEDB PASSWORD 'checkpoint';
  END IF;
END \$\$;
SQL
echo "postgresql+psycopg://checkpoint:checkpoint@localhost:${port}/postgres"
