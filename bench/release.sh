#!/usr/bin/env bash
# Size and start-up time of each release archive (docs/install.md): unpacks each into a fresh folder,
# runs `bin/zerofail --version` once (the linux-x64 archive makes its class-data-sharing archive then),
# then RUNS more times, and writes the median wall time into the "## Release archives" section of
# bench/results/startup.md (other sections of that file are left alone).
#   bench/release.sh [RUNS]        (archives from target/release: mvn -B -Prelease package)
# The plain archives run with JAVA_HOME=$JDK (default /usr/lib/jvm/java-17-openjdk-amd64);
# PATH holds no java for any of them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-10}
jdk=${JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
out=bench/results/startup.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tools"
for t in dirname readlink cat mv rm; do ln -s "$(command -v $t)" "$work/tools/$t"; done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }

rows=()
for a in target/release/zerofail-*.tar.gz target/release/zerofail-*.zip; do
  [[ -f $a ]] || continue
  base=$(basename "$a")
  dir=$work/${base//./_}
  mkdir "$dir"
  case $a in *.zip) unzip -q "$a" -d "$dir" ;; *) tar -xzf "$a" -C "$dir" ;; esac
  top=$(echo "$dir"/zerofail-*)
  env=(env -i "PATH=$work/tools" "HOME=$work")
  [[ -d $top/runtime ]] || env+=("JAVA_HOME=$jdk")
  "${env[@]}" "$top/bin/zerofail" --version >/dev/null # warm-up; makes lib/zerofail.jsa for linux-x64
  times=()
  for ((i = 0; i < runs; i++)); do times+=("$(ms "${env[@]}" "$top/bin/zerofail" --version)"); done
  med=$(printf '%s\n' "${times[@]}" | median)
  size=$(du -k "$a" | cut -f1)
  unpacked=$(du -sk "$top" | cut -f1)
  java=$([[ -d $top/runtime ]] && echo "bundled runtime (Java $(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$top/runtime/release")) + CDS" || echo "JAVA_HOME=$jdk")
  rows+=("| \`$base\` | $((size / 1024)) MiB | $((unpacked / 1024)) MiB | $med ms | $(printf '%s ' "${times[@]}")| $java |")
  echo "$base: $med ms (${times[*]})" >&2
done

section=$(
  cat <<EOF2
## Release archives

\`bench/release.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) when it ran):
\`bin/zerofail --version\` of each archive unpacked into a fresh folder, no java on PATH; median of
$runs runs after one warm-up run (wall time, process start to exit).

| archive | size | unpacked | median | runs (ms) | java |
|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")

Runtime choice (by hand, 2026-12-02, load average about 25 on 2 cores, so only the order of
magnitude holds): \`--version\` of the same jar, 11 interleaved runs each, median wall time:
Java 17 jlink runtime with the dynamic CDS archive of zerofail's classes 2843 ms; Temurin 25 jlink
runtime (linked from its run-time image, it has no jmods) with an AOT cache (\`-XX:AOTCacheOutput\`,
trained on an audit of the example) 3640 ms; Java 17 runtime with jlink's CDS archive only 2683 ms.
Temurin 25 was not faster here, so the runtime is built from Java 17 (127 MiB unpacked from 25
against 103 MiB from 17, same modules). Temurin 25's archives survive moving the jar; Java 17's do
not, hence the archive made in place on the first run (docs/install.md). Worth measuring again on
an idle machine.
EOF2
)
[[ -f $out ]] || printf '# Start-up time\n' >"$out"
# replace our section (up to the next "## " heading) or append it
python3 - "$out" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2].rstrip() + "\n"
text = open(path).read()
pat = re.compile(r"^## Release archives\n.*?(?=^## |\Z)", re.S | re.M)
text = pat.sub(lambda m: section + "\n", text, count=1) if pat.search(text) else text.rstrip() + "\n\n" + section
open(path, "w").write(text.rstrip() + "\n")
PY
echo "wrote the 'Release archives' section of $out" >&2
