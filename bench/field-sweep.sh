#!/usr/bin/env bash
# Runs every read-only zerofail command over each repository tree given (copies them first, so init and
# unify write nowhere real) and flags what a release must not do on real input: exit 70, a Java stack
# trace or "Exception" on stderr, exit 2 (refused), or a timeout. Fetched trees stay outside the repository.
#   bench/field-sweep.sh [-t SECONDS] TREE...      results: $OUT (default /tmp/zerofail-sweep)/results.tsv
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
limit=120
[[ "${1:-}" == -t ]] && { limit=$2; shift 2; }
out="${OUT:-/tmp/zerofail-sweep}"
rm -rf "$out"; mkdir -p "$out/run"
results="$out/results.tsv"; : > "$results"

run() { # NAME ID ARGS... (in the copy)
  local name=$1 id=$2; shift 2
  local o="$out/$name/$id"; mkdir -p "$out/$name"
  (cd "$out/run/$name" && timeout "$limit" "$here/zerofail" "$@" >"$o.out" 2>"$o.err" </dev/null)
  local rc=$? flag=""
  case $rc in 0|1) ;; 124) flag=TIMEOUT ;; 2) flag=REFUSED ;; *) flag="EXIT$rc" ;; esac
  grep -qE 'Exception|^\s+at [a-z]+\.' "$o.err" && flag="$flag TRACE"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$id" "$rc" "$flag" "$*" >> "$results"
}

for tree in "$@"; do
  name=$(basename "$tree"); cp -a "$tree" "$out/run/$name"
  for f in text json markdown sarif csv; do run "$name" "audit-$f" audit . -f "$f"; done
  run "$name" scan scan . -f json
  [[ -d "$tree/.git" ]] && run "$name" scan-history scan . --history -f json
  run "$name" wf-analyze workflows analyze . -f json
  run "$name" wf-plan workflows plan .
  run "$name" secrets-check secrets check . -f json
  [[ -d "$tree/.github" ]] && run "$name" secrets-import secrets import --from-workflows . -o "$out/$name/manifest.yaml" --force
  run "$name" stats stats .
  run "$name" runs-report runs report .
  i=0
  while read -r d; do
    i=$((i + 1))
    run "$name" "compose-analyze-$i" compose analyze "$d" -f json
    run "$name" "compose-config-$i" compose config "$d"
    run "$name" "compose-unify-$i" compose unify "$d" --dry-run
  done < <(cd "$out/run/$name" && find . -name node_modules -prune -o \( -name 'docker-compose*.y*ml' -o -name 'compose*.y*ml' \) -print \
             | xargs -r -n1 dirname | sort -u | head -25)
  run "$name" init init . --yes
  run "$name" audit-after-init audit . -f json
done
echo "$(wc -l < "$results") runs; flagged:"
awk -F'\t' '$4 != ""' "$results"
