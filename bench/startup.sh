#!/usr/bin/env bash
# Start-up (issue 13): zerofail --version, zerofail help and a command with nothing to do, against a
# Java hello-world started with the same launcher flags, in one run; on the default JDK (17, with the
# launcher's class-data-sharing archive) and on a JDK 25 when installed (with an AOT cache, JEP 483).
# Needs hyperfine (Debian: apt-get install hyperfine). Writes bench/results/startup.md: the table and its header;
# the sections people wrote below it (from the first "## ") are kept.
#   bench/startup.sh [RUNS]            RUNS per command (default 15; the table gives the median)
#   BEFORE_JAR=old.jar bench/startup.sh   also time an earlier build (its launcher: dynamic CDS on a scan)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-15}"
command -v hyperfine >/dev/null || { echo "startup.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
"$here/zerofail" --version >/dev/null    # builds the jar when sources changed
jar="$here/target/zerofail.jar"
example="$here/examples/acme-platform"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/empty" "$here/bench/results"
git -C "$work/empty" init -q 2>/dev/null || true

# the launcher's flags (./zerofail), for zerofail and the hello-world alike
base=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss2m -Xlog:disable -Xlog:all=error:stderr)
flags=("${base[@]}" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0)   # on 17: each archive mapped where it was written
j17=java
j25=""
for rel in /usr/lib/jvm/*/release /opt/*/release; do
  [[ -f "$rel" ]] && grep -q '^JAVA_VERSION="2[5-9]' "$rel" && j25="$(dirname "$rel")/bin/java"
done
flags25=("${base[@]}" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)

# hello-world, compiled for 17, in a jar like zerofail; each JDK gets its own archive trained on it
cat > "$work/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
javac --release 17 -d "$work/hello" "$work/Hello.java"
jar cfe "$work/hello.jar" Hello -C "$work/hello" .
java -XX:ArchiveClassesAtExit="$work/hello.jsa" -cp "$work/hello.jar" Hello >/dev/null 2>&1

# zerofail's archives, trained as the launcher trains them (cli/Training: several commands in one JVM)
java -XX:DumpLoadedClassList="$work/z.classlist" -cp "$jar" dev.zerofail.cli.Training "$example" >/dev/null 2>&1 || true
java -Xshare:dump -XX:SharedClassListFile="$work/z.classlist" -XX:SharedArchiveFile="$work/z17.jsa" -cp "$jar" >/dev/null 2>&1
java -XX:ArchiveClassesAtExit="$work/z17dyn.jsa" -cp "$jar" dev.zerofail.cli.Training "$example" >/dev/null 2>&1 || true

zb=""
if [[ -n "${BEFORE_JAR:-}" ]]; then
  # an earlier build, with an archive trained the way its own launcher did: static from cli/Training when
  # the jar has it, else dynamic on a scan
  cp "$BEFORE_JAR" "$work/before.jar"
  if unzip -l "$work/before.jar" dev/zerofail/cli/Training.class >/dev/null 2>&1; then
    java -XX:DumpLoadedClassList="$work/before.classlist" -cp "$work/before.jar" dev.zerofail.cli.Training "$example" >/dev/null 2>&1 || true
    java -Xshare:dump -XX:SharedClassListFile="$work/before.classlist" -XX:SharedArchiveFile="$work/before.jsa" -cp "$work/before.jar" >/dev/null 2>&1
  else
    java -XX:ArchiveClassesAtExit="$work/before.jsa" -cp "$work/before.jar" dev.zerofail.cli.Main scan "$example" -q -f json >/dev/null 2>&1 || true
  fi
  zb="java ${flags[*]} -XX:SharedArchiveFile=$work/before.jsa -Xshare:auto -cp $work/before.jar dev.zerofail.cli.Main"
fi

cmds=()
names=()
add() { names+=("$1"); cmds+=("$2"); }
# each command, then the same command of the earlier build right after it: on a shared machine the
# load drifts during a run, and neighbours see about the same load
pair() { add "17 zerofail $1" "$z17 $2"; [[ -z "$zb" ]] || add "17 before: zerofail $1" "$zb $2"; }
z17="java ${flags[*]} -XX:SharedArchiveFile=$work/z17.jsa -Xshare:auto -cp $jar dev.zerofail.cli.Main"
hello17="java ${flags[*]} -XX:SharedArchiveFile=$work/hello.jsa -Xshare:auto -cp $work/hello.jar Hello"
add "17 hello-world (CDS)" "$hello17"
pair "--version" "--version"
pair "help" "help"
pair "history EMPTY (nothing recorded)" "history $work/empty"
pair "workflows analyze EMPTY (no workflows)" "workflows analyze $work/empty"
pair "scan EMPTY" "scan $work/empty"
add "17 zerofail help, dynamic CDS (old launcher's kind)" "java ${flags[*]} -XX:SharedArchiveFile=$work/z17dyn.jsa -Xshare:auto -cp $jar dev.zerofail.cli.Main help"
add "17 hello-world again (drift of the load during the run)" "$hello17"
if [[ -n "$j25" ]]; then
  "$j25" -XX:AOTCacheOutput="$work/hello.aot" "${flags25[@]:${#base[@]}}" -Xlog:disable -cp "$work/hello.jar" Hello >/dev/null 2>&1
  "$j25" -XX:AOTCacheOutput="$work/z25.aot" "${flags25[@]:${#base[@]}}" -Xlog:disable -cp "$jar" dev.zerofail.cli.Training "$example" >/dev/null 2>&1 || true
  z25="$j25 ${flags25[*]} -XX:AOTCache=$work/z25.aot -cp $jar dev.zerofail.cli.Main"
  add "25 hello-world (AOT cache)" "$j25 ${flags25[*]} -XX:AOTCache=$work/hello.aot -cp $work/hello.jar Hello"
  add "25 zerofail --version" "$z25 --version"
  add "25 zerofail help" "$z25 help"
  add "25 zerofail history EMPTY (nothing recorded)" "$z25 history $work/empty"
  add "25 zerofail workflows analyze EMPTY (no workflows)" "$z25 workflows analyze $work/empty"
  add "25 zerofail scan EMPTY" "$z25 scan $work/empty"
fi
add "launcher: ./zerofail --version (bash + java)" "$here/zerofail --version"

# classes each command loads, from the archive or not (-Xlog:class+load, one run each): the count that
# moves with start-up work and not with the machine's load
for i in "${!cmds[@]}"; do
  read -r -a argv <<<"${cmds[$i]}"
  if [[ "${argv[0]}" == */zerofail ]]; then
    echo "" > "$work/classes.$i"
  else
    for j in "${!argv[@]}"; do [[ "${argv[$j]}" == -cp ]] && break; done   # after the flags' -Xlog:disable
    "${argv[@]:0:j}" -Xlog:class+load:file="$work/load.$i" "${argv[@]:j}" >/dev/null 2>&1 || true
    echo "$(grep -c 'shared objects file' "$work/load.$i") $(grep -vc 'shared objects file' "$work/load.$i")" > "$work/classes.$i"
  fi
done

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N -i -w 3 -r "$runs" --export-json "$work/run.json" "${cmds[@]}" >/dev/null 2>&1
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work/run.json" "$here/bench/results/startup.md" "$runs" "$load_before" "$load_after" "$j25" "$work" "${names[@]}" <<'PY'
import json, statistics, sys, datetime, subprocess
src, out, runs, lb, la, j25, work, *names = sys.argv[1:]
res = json.load(open(src))["results"]
rows, base, cbase = [], {}, {}
for i, (name, r) in enumerate(zip(names, res)):
    med = statistics.median(r["times"]) * 1000
    cpu = (r["user"] + r["system"]) * 1000
    jdk = name.split()[0]
    if "hello-world" in name and jdk not in base:   # the first one; a later one shows the drift
        base[jdk] = med
        cbase[jdk] = cpu
    counts = open(f"{work}/classes.{i}").read().split()
    classes = f"{int(counts[0]) + int(counts[1])} ({counts[1]} not shared)" if counts else ""
    rows.append((name, med, min(r["times"]) * 1000, r["stddev"] * 1000, cpu, jdk, classes))
def ratio(n, med, jdk, b=base):
    if "hello-world" in n or n.startswith("launcher") or jdk not in b:
        return ""
    return f"{med / b[jdk]:.2f}×"
jv = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
lines = ["# Start-up", "",
         f"`bench/startup.sh {runs}` on {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC: hyperfine, {runs} runs each "
         f"after 3 warm-ups, all in one run. Load average before/after: {lb} / {la} "
         f"({subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores).", "",
         f"JDK 17: `{jv}`; JDK 25: `{j25 or 'not installed'}`. Flags: the launcher's "
         "(`-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss2m -Xlog:disable`, and on 17 `-XX:ArchiveRelocationMode=0`), for zerofail and the hello-world alike; "
         "JDK 25 adds `--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow`. "
         "Archives: hello-world its own (CDS / AOT cache trained on itself); zerofail the launcher's "
         "(cli/Training: several commands in one JVM; on 17 a static CDS archive, on 25 an AOT cache).", "",
         "Target (issue 13): median ≤ 1.5× the hello-world of the same JDK.", "",
         "| command | median ms | min ms | σ ms | vs hello-world | CPU ms (user+sys, mean) | CPU vs hello-world | classes loaded |",
         "|---|---:|---:|---:|---:|---:|---:|---:|"]
for n, med, mn, sd, cpu, jdk, classes in rows:
    lines.append(f"| {n} | {med:.0f} | {mn:.0f} | {sd:.0f} | {ratio(n, med, jdk)} | {cpu:.0f} | {ratio(n, cpu, jdk, cbase)} | {classes} |")
# keep what people wrote below the table (from its first "## " heading)
try:
    old = open(out).read()
    kept = old[old.index("\n## ") + 1:] if "\n## " in old else ""
except FileNotFoundError:
    kept = ""
open(out, "w").write("\n".join(lines) + "\n" + ("\n" + kept if kept else ""))
print("\n".join(lines))
PY
