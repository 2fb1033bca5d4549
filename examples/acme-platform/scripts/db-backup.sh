#!/usr/bin/env bash
# Nightly database dump, run from cron on the production host.
set -euo pipefail

BACKUP_DIR="${BACKUP_DIR:-/var/backups/acme}"
PGPASSWORD="$(cat /run/secrets/db_password)"
export PGPASSWORD

mkdir -p "$BACKUP_DIR"
pg_dump -h "${POSTGRES_HOST:-db}" -U "${POSTGRES_USER:-acme}" "${POSTGRES_DB:-acme}" \
  | gzip > "$BACKUP_DIR/acme-$(date +%F).sql.gz"

find "$BACKUP_DIR" -name 'acme-*.sql.gz' -mtime +14 -delete
