#!/usr/bin/env python3
"""Generates N GitHub Actions runs with their jobs in the REST API's shapes, for bench/runs.sh.

  gen_runs.py OUT_DIR [N]

Writes OUT_DIR/runs-NNNN.json ({"total_count", "workflow_runs": [...]}, 1,000 runs each) and
OUT_DIR/jobs-NNNN.json ({"total_count", "jobs": [...]}: every attempt's jobs of those runs, as
`…/runs/{id}/jobs?filter=all` returns them) and OUT_DIR/attempts-NNNN.json (the earlier attempts of
re-run runs, as `…/runs/{id}/attempts/{n}` returns them, in a workflow_runs list). Deterministic (seeded): 8 workflows, about 80% of runs
failing, one run in ten re-run, 1-4 jobs per attempt on Linux, Windows, macOS and larger runners.
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
rng = random.Random(15)
os.makedirs(out, exist_ok=True)
WORKFLOWS = ["CI", "Deploy", "Lint", "Release", "Nightly", "Docs", "E2E", "Security"]
LABELS = [["ubuntu-latest"]] * 6 + [["ubuntu-latest-8-cores"], ["windows-latest"], ["macos-14"], ["self-hosted", "linux"]]
STEPS = ["Set up job", "Checkout", "Install dependencies", "Run tests", "Build image", "Deploy", "Complete job"]
start = datetime(2026, 1, 5, tzinfo=timezone.utc)
span = timedelta(days=330).total_seconds()


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def conclusion():
    r = rng.random()
    return "failure" if r < 0.72 else "timed_out" if r < 0.76 else "startup_failure" if r < 0.78 \
        else "cancelled" if r < 0.84 else "skipped" if r < 0.86 else "success"


job_id = 10_000_000
per_file = 1000
for f in range(0, n, per_file):
    runs, jobs, earlier = [], [], []
    for i in range(f, min(n, f + per_file)):
        run_id = 1_000_000 + i
        created = start + timedelta(seconds=span * i / n)
        wf = WORKFLOWS[i % len(WORKFLOWS)]
        sha = "%040x" % rng.getrandbits(160)
        attempts = 2 if rng.random() < 0.1 else 1
        for a in range(1, attempts + 1):
            c = conclusion() if a == 1 else ("success" if rng.random() < 0.5 else "failure")
            t0 = created + timedelta(minutes=15 * (a - 1))
            for k in range(rng.randint(1, 4)):
                job_id += 1
                failed = k == 0 and c in ("failure", "timed_out")
                dur = rng.randint(20, 900)
                failing_step = rng.randrange(len(STEPS) - 1)
                steps = []
                for s, name in enumerate(STEPS):
                    sc = "success" if not failed or s < failing_step else "failure" if s == failing_step else "skipped"
                    steps.append({"name": name, "status": "completed", "conclusion": sc, "number": s + 1,
                                  "started_at": iso(t0), "completed_at": iso(t0 + timedelta(seconds=dur // 7))})
                jobs.append({"id": job_id, "run_id": run_id, "run_attempt": a, "workflow_name": wf,
                             "head_sha": sha, "name": "job-%d" % k, "status": "completed",
                             "conclusion": (c if failed else "cancelled" if c == "cancelled" else "success"),
                             "started_at": iso(t0 + timedelta(seconds=5)),
                             "completed_at": iso(t0 + timedelta(seconds=5 + dur)),
                             "labels": LABELS[rng.randrange(len(LABELS))], "runner_name": "GitHub Actions %d" % job_id,
                             "html_url": "https://github.com/acme/bench/actions/runs/%d/job/%d" % (run_id, job_id),
                             "steps": steps})
            (runs if a == attempts else earlier).append({"id": run_id, "name": wf, "path": ".github/workflows/%s.yml" % wf.lower(),
                             "run_number": i + 1, "run_attempt": a, "event": "push" if i % 5 else "pull_request",
                             "head_branch": "main" if i % 3 else "feature-%d" % (i % 50), "head_sha": sha,
                             "status": "completed", "conclusion": c, "workflow_id": 100 + i % len(WORKFLOWS),
                             "created_at": iso(created), "run_started_at": iso(t0), "updated_at": iso(t0 + timedelta(minutes=10)),
                             "html_url": "https://github.com/acme/bench/actions/runs/%d" % run_id})

    with open(os.path.join(out, "runs-%04d.json" % (f // per_file)), "w") as fh:
        json.dump({"total_count": len(runs), "workflow_runs": runs}, fh)
    with open(os.path.join(out, "attempts-%04d.json" % (f // per_file)), "w") as fh:
        json.dump({"total_count": len(earlier), "workflow_runs": earlier}, fh)
    with open(os.path.join(out, "jobs-%04d.json" % (f // per_file)), "w") as fh:
        json.dump({"total_count": len(jobs), "jobs": jobs}, fh)
