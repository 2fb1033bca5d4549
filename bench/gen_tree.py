#!/usr/bin/env python3
"""Generate a large, deterministic tree of source and config files for the scan benchmark.

The tree looks like a directory of checked-out repositories: each top-level project has a
primary language, a README, Dockerfiles, compose files, CI workflows, .env examples, scripts,
YAML/JSON config and docs, plus the odd large generated file. It is mostly ordinary code full
of look-alikes (placeholder= attributes, prose that says "replace me", ${VAR} references,
hashes and UUIDs), with a low density of real placeholder secrets and fake but well-formed
credentials, all produced here from a seeded RNG (random, never real).

Speed comes from composing pre-rendered chunks: a few hundred template variants are rendered
once, then each file is a random sequence of them, so the RNG is called per chunk, not per byte.

A manifest of what was injected is written next to the tree (DIR.manifest.json), not inside it,
so it is never scanned.

usage: gen_tree.py OUT_DIR --size-mb N [--avg-kb K] [--seed S] [--no-large]
"""
import argparse
import base64
import json
import os
import random
import string
import sys
import time
import zlib

WORDS = (
    "account billing cache catalog checkout config customer dashboard delivery device event "
    "export feature gateway health identity import inventory invoice ledger loader mailer "
    "metrics notify order partner payment pipeline pricing profile query queue ranking "
    "report request review router schedule search session shipment storage stream tenant "
    "token tracker upload user vault webhook worker audit batch bridge client core data"
).split()
PROJECT_WORDS = (
    "atlas beacon cobalt delta ember falcon garnet harbor indigo juniper kestrel lumen "
    "meridian nimbus onyx pioneer quartz raven sierra tundra umber vector willow xenon "
    "yarrow zephyr aurora basalt cinder dune"
).split()
ALNUM = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
HEX = "0123456789abcdef"


class Ctx:
    """Random fillers for templates; only used while rendering the chunk pools."""

    def __init__(self, rng):
        self.r = rng

    def w(self):
        return self.r.choice(WORDS)

    def W(self):
        return self.w().capitalize()

    def camel(self):
        return self.w() + self.W()

    def Camel(self):
        return self.W() + self.W()

    def snake(self):
        return self.w() + "_" + self.w()

    def UP(self):
        return (self.w() + "_" + self.w()).upper()

    def n(self, a=1, b=999):
        return self.r.randint(a, b)

    def hexs(self, k=40):
        return "".join(self.r.choice(HEX) for _ in range(k))

    def uuid(self):
        h = self.hexs(32)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def b64(self, k=44):
        return base64.b64encode(bytes(self.r.getrandbits(8) for _ in range(k))).decode()

    def sentence(self, k=12):
        return " ".join(self.w() for _ in range(k)).capitalize() + "."


# --- chunk templates: each returns a block of text; look-alikes are part of normal code ---

def py_chunk(c):
    f, g, cls = c.snake(), c.snake(), c.Camel()
    return f'''

class {cls}:
    """{c.sentence()}

    Replace me with the generated client once the {c.w()} API is stable.
    """

    def __init__(self, {c.w()}_id: str, timeout: float = {c.n(1, 60)}.0) -> None:
        self.{c.w()}_id = {c.w()}_id
        self.timeout = timeout
        self.api_key = os.environ.get("{c.UP()}_API_KEY", "")
        self.password = os.environ["{c.UP()}_PASSWORD"]
        self._cache: dict[str, Any] = {{}}

    def {f}(self, items: list[dict[str, Any]]) -> list[str]:
        result = []
        for item in items:
            if item.get("{c.w()}") is None:
                logger.debug("skipping %s: no {c.w()}", item.get("id"))
                continue
            key = f"{{self.{c.w()}_id}}:{{item['id']}}"
            self._cache[key] = item
            result.append(key)
        return result

    async def {g}(self, session, token: str) -> dict:
        headers = {{"Authorization": f"Bearer {{token}}", "X-Request-Id": "{c.uuid()}"}}
        async with session.get(f"{{BASE_URL}}/{c.w()}/{c.w()}", headers=headers) as resp:
            resp.raise_for_status()
            return await resp.json()


def {c.snake()}(value: str, *, placeholder: str = "n/a") -> str:
    # xxx: the {c.w()} service returns an empty string instead of null
    if not value:
        return placeholder
    return value.strip().lower()
'''


def py_head(c):
    return f'''"""{c.sentence(8)}"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from typing import Any

logger = logging.getLogger(__name__)
BASE_URL = os.environ.get("{c.UP()}_URL", "http://localhost:{c.n(3000, 9000)}")
'''


def ts_chunk(c):
    comp, f = c.Camel(), c.camel()
    return f'''

export interface {comp}Props {{
  {c.camel()}: string;
  {c.camel()}?: number;
  onChange: (value: Map<string, Array<number>>) => void;
}}

export function {comp}({{ {c.camel()}, onChange }}: {comp}Props): JSX.Element {{
  const [value, setValue] = useState<string>("");
  const apiKey = process.env.{c.UP()}_API_KEY ?? "";
  useEffect(() => {{
    if (!apiKey) {{
      console.warn("{c.w()}: missing api key, falling back to anonymous mode");
    }}
  }}, [apiKey]);
  return (
    <form className="{c.w()}-form" onSubmit={{(e) => e.preventDefault()}}>
      <label htmlFor="{c.w()}">{c.W()} {c.w()}</label>
      <input id="{c.w()}" type="password" placeholder="Enter your password" value={{value}} />
      <input name="token" placeholder="Paste your API token here" />
      <Select<{c.Camel()}> options={{options}} placeholder="Choose a {c.w()}" />
    </form>
  );
}}

export async function {f}(id: string, token: string): Promise<{c.Camel()}Response> {{
  const res = await fetch(`${{BASE_URL}}/{c.w()}/${{id}}`, {{
    headers: {{ Authorization: `Bearer ${{token}}`, "x-trace-id": "{c.uuid()}" }},
  }});
  if (!res.ok) throw new Error(`{c.w()} failed: ${{res.status}}`);
  return (await res.json()) as {c.Camel()}Response;
}}
'''


def ts_head(c):
    return f'''import {{ useEffect, useState }} from "react";
import type {{ {c.Camel()}Response }} from "../types/{c.w()}";

const BASE_URL = process.env.{c.UP()}_URL ?? "http://localhost:{c.n(3000, 9000)}";
'''


def js_chunk(c):
    return f'''

/**
 * {c.sentence()}
 * @param {{string}} {c.w()} - the {c.w()} id, e.g. "xxxx-xxxx"
 */
async function {c.camel()}(req, res, next) {{
  const {{ {c.w()}, {c.w()} }} = req.body;
  const secret = process.env.{c.UP()}_SECRET;
  if (!secret) {{
    return next(new Error("{c.UP()}_SECRET is not set"));
  }}
  try {{
    const rows = await db.query("SELECT * FROM {c.snake()} WHERE id = $1", [req.params.id]);
    res.json({{ data: rows, count: rows.length, etag: "{c.hexs(32)}" }});
  }} catch (err) {{
    logger.error({{ err }}, "{c.w()} lookup failed");
    next(err);
  }}
}}
module.exports.{c.camel()} = {c.camel()};
'''


def go_chunk(c):
    t, f = c.Camel(), c.Camel()
    return f'''

// {t} {c.sentence(9)}
type {t} struct {{
	ID        string            `json:"id"`
	{c.W()}   string            `json:"{c.w()}"`
	Token     string            `json:"-"`
	Labels    map[string]string `json:"labels,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
}}

// {f} loads the {c.w()} from the store; the token comes from the environment.
func (s *Server) {f}(ctx context.Context, id string) (*{t}, error) {{
	token := os.Getenv("{c.UP()}_TOKEN")
	if token == "" {{
		return nil, fmt.Errorf("{c.w()}: %s not set", "{c.UP()}_TOKEN")
	}}
	row := s.db.QueryRowContext(ctx, "SELECT id, {c.w()} FROM {c.snake()} WHERE id = $1", id)
	var out {t}
	if err := row.Scan(&out.ID, &out.{c.W()}); err != nil {{
		return nil, fmt.Errorf("{c.w()} %q: %w", id, err)
	}}
	out.Labels = map[string]string{{"checksum": "{c.hexs(40)}"}}
	return &out, nil
}}
'''


def go_head(c):
    return f'''package {c.w()}

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"
)

const placeholderText = "<none>"
'''


def java_chunk(c):
    m = c.camel()
    return f'''

    /** {c.sentence()} */
    @Value("${{{c.w()}.{c.w()}.api-key}}")
    private String {c.camel()}ApiKey;

    private static final String PLACEHOLDER_IMAGE = "/static/img/placeholder-{c.w()}.png";

    public Optional<{c.Camel()}> {m}(String id, Map<String, List<String>> params) {{
        if (id == null || id.isBlank()) {{
            throw new IllegalArgumentException("{c.w()} id must not be blank");
        }}
        String password = environment.getProperty("{c.w()}.datasource.password");
        List<{c.Camel()}> rows = jdbc.query(
            "SELECT * FROM {c.snake()} WHERE id = ?", mapper, id);
        log.debug("{m}: {{}} rows for {{}} (digest {c.hexs(16)})", rows.size(), id);
        return rows.stream().findFirst();
    }}
'''


def java_head(c):
    return f'''package dev.example.{c.w()}.{c.w()};

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.time.Instant;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;

public class {c.Camel()}Service {{
'''


def yaml_chunk(c):
    app = c.w() + "-" + c.w()
    return f'''---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
  labels:
    app.kubernetes.io/name: {app}
    app.kubernetes.io/version: "{c.n(1, 9)}.{c.n(0, 40)}.{c.n(0, 99)}"
spec:
  replicas: {c.n(1, 6)}
  template:
    spec:
      containers:
        - name: {app}
          image: registry.internal/{app}@sha256:{c.hexs(64)}
          env:
            - name: {c.UP()}_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {app}-secrets
                  key: password
            - name: API_KEY
              value: "{{{{ .Values.{c.camel()}.apiKey }}}}"
            - name: LOG_LEVEL
              value: info
          resources:
            limits: {{ cpu: "{c.n(1, 4)}", memory: {c.n(128, 2048)}Mi }}
'''


def json_chunk(c):
    return (
        f'{{"id": "{c.uuid()}", "name": "{c.w()} {c.w()}", "slug": "{c.w()}-{c.w()}", '
        f'"enabled": {c.r.choice(["true", "false"])}, "weight": {c.n()}, '
        f'"checksum": "{c.hexs(64)}", "placeholder": "Search {c.w()}s...", '
        f'"tags": ["{c.w()}", "{c.w()}", "{c.w()}"], "owner": {{"team": "{c.w()}", '
        f'"contact": "{c.w()}@example.com"}}, "blob": "{c.b64(48)}"}},\n'
    )


def env_chunk(c):
    u = c.UP()
    return (
        f"# {c.sentence(6)}\n{u}_URL=http://localhost:{c.n(3000, 9000)}\n"
        f"{u}_TIMEOUT={c.n(1, 120)}s\n{u}_API_KEY=\n{u}_PASSWORD=${{{u}_PASSWORD}}\n"
        f"{u}_ENABLED={c.r.choice(['true', 'false'])}\n"
    )


def sh_chunk(c):
    return f'''
# {c.sentence(8)}
{c.snake()}() {{
  local target="${{1:?usage: {c.snake()} TARGET}}"
  if [[ -z "${{{c.UP()}_TOKEN:-}}" ]]; then
    echo "error: {c.UP()}_TOKEN is not set (see README)" >&2
    return 2
  fi
  curl -fsS -H "Authorization: Bearer ${{{c.UP()}_TOKEN}}" \\
    "http://localhost:{c.n(3000, 9000)}/{c.w()}/$target" | jq '.{c.w()}'
}}
'''


def md_chunk(c):
    u = c.UP()
    return f'''
## {c.W()} {c.w()}

{c.sentence(18)} {c.sentence(14)} Replace the placeholder values below with the ones from the
team vault; never commit a real `{u}_API_KEY`. Fields shown as `<your-{c.w()}>` or `xxxx` are
examples, and `changeme` style defaults are rejected at startup.

```bash
export {u}_URL=http://localhost:{c.n(3000, 9000)}
export {u}_API_KEY="$(vault read -field=key secret/{c.w()})"
make {c.w()}-{c.w()}
```

| option | default | notes |
|---|---|---|
| `{c.w()}` | `{c.n()}` | {c.sentence(7)} |
| `{c.w()}` | `{c.r.choice(["true", "false"])}` | {c.sentence(6)} |
'''


def dockerfile(c):
    return f'''FROM python:3.12-slim AS base
ARG {c.UP()}_VERSION=latest
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ENV {c.UP()}_PORT={c.n(3000, 9000)} \\
    LOG_LEVEL=info
# The API key is injected at runtime as a secret, see docs/{c.w()}.md
EXPOSE {c.n(3000, 9000)}
HEALTHCHECK CMD curl -fsS http://localhost:{c.n(3000, 9000)}/health || exit 1
CMD ["python", "-m", "{c.w()}"]
'''


def compose_chunk(c):
    s = c.w()
    return f'''  {s}-{c.w()}:
    image: ${{REGISTRY:-localhost:5000}}/{s}:${{TAG:-latest}}
    environment:
      {c.UP()}_URL: http://{s}:{c.n(3000, 9000)}
      {c.UP()}_PASSWORD: ${{{c.UP()}_PASSWORD}}
      API_KEY_FILE: /run/secrets/{s}_api_key
    secrets: [{s}_api_key]
    healthcheck:
      test: ["CMD", "curl", "-fsS", "http://localhost:{c.n(3000, 9000)}/health"]
      interval: {c.n(5, 60)}s
    depends_on: [{c.w()}]
'''


def workflow_chunk(c):
    return f'''  {c.w()}-{c.w()}:
    runs-on: ubuntu-latest
    needs: [build]
    steps:
      - uses: actions/checkout@{c.hexs(40)}
      - name: {c.W()} {c.w()}
        env:
          {c.UP()}_TOKEN: ${{{{ secrets.{c.UP()}_TOKEN }}}}
          API_KEY: ${{{{ secrets.API_KEY }}}}
        run: |
          ./scripts/{c.w()}.sh --env ${{{{ inputs.environment }}}}
          echo "done {c.w()}"
'''


def minified_chunk(c):
    # minified bundles: very long lines, dense identifiers, hashes
    parts = []
    for _ in range(30):
        parts.append(
            f'function {c.w()[:2]}{c.n(0, 99)}(e,t){{var n="{c.hexs(24)}";return e&&t?e[t]||n:'
            f'{{placeholder:"Search…",key:t,ts:{c.n(10000, 99999)}}}}}'
        )
    return ";".join(parts) + ";"


# --- plain chunks: ordinary code with no secret-ish keywords, most of any real file ---

def py_plain(c):
    f = c.snake()
    return f"""

def {f}(rows: list[dict[str, Any]], limit: int = {c.n(10, 500)}) -> dict[str, int]:
    \"\"\"{c.sentence(10)}\"\"\"
    counts: dict[str, int] = {{}}
    for row in rows[:limit]:
        bucket = row.get("{c.w()}", "other")
        counts[bucket] = counts.get(bucket, 0) + int(row.get("{c.w()}", 0))
    total = sum(counts.values()) or 1
    return {{k: round(v * 100 / total) for k, v in sorted(counts.items())}}


@dataclass(frozen=True)
class {c.Camel()}:
    {c.w()}_id: int
    {c.w()}: str = ""
    {c.w()}_count: int = 0

    def merged(self, other: "{c.Camel()}") -> "{c.Camel()}":
        return replace(self, {c.w()}_count=self.{c.w()}_count + other.{c.w()}_count)


def test_{f}():
    rows = [{{"{c.w()}": "a", "{c.w()}": {c.n()}}}, {{"{c.w()}": "b", "{c.w()}": {c.n()}}}]
    assert {f}(rows) == {f}(list(rows))
"""


def ts_plain(c):
    return f"""

export function {c.camel()}(items: readonly {c.Camel()}[], pageSize = {c.n(10, 100)}): {c.Camel()}[][] {{
  const pages: {c.Camel()}[][] = [];
  for (let i = 0; i < items.length; i += pageSize) {{
    pages.push(items.slice(i, i + pageSize));
  }}
  return pages;
}}

export const {c.camel()}Columns = [
  {{ field: "{c.w()}", header: "{c.W()}", width: {c.n(40, 300)}, sortable: true }},
  {{ field: "{c.w()}", header: "{c.W()}", width: {c.n(40, 300)} }},
  {{ field: "{c.w()}At", header: "{c.W()} date", format: (d: Date) => d.toISOString().slice(0, 10) }},
];

describe("{c.camel()}", () => {{
  it("splits into pages of {c.n(2, 9)}", () => {{
    expect({c.camel()}([], 3)).toEqual([]);
  }});
}});
"""


def js_plain(c):
    return f"""

function {c.camel()}(list, key) {{
  return list.reduce((acc, item) => {{
    const k = item[key] ?? "{c.w()}";
    (acc[k] = acc[k] || []).push(item);
    return acc;
  }}, {{}});
}}

const {c.camel()} = ({c.w()}, {c.w()} = {c.n(1, 50)}) => Math.max(0, Math.min({c.n(100, 999)}, {c.w()} * 2));
module.exports.{c.camel()} = {c.camel()};
"""


def go_plain(c):
    f = c.Camel()
    return f"""

// {f} {c.sentence(8)}
func {f}(in []int, window int) []float64 {{
	if window <= 0 || len(in) < window {{
		return nil
	}}
	out := make([]float64, 0, len(in)-window+1)
	sum := 0
	for i, v := range in {{
		sum += v
		if i >= window {{
			sum -= in[i-window]
		}}
		if i >= window-1 {{
			out = append(out, float64(sum)/float64(window))
		}}
	}}
	return out
}}

func Test{f}(t *testing.T) {{
	got := {f}([]int{{{c.n()}, {c.n()}, {c.n()}, {c.n()}}}, 2)
	if len(got) != 3 {{
		t.Fatalf("{c.w()}: want 3 values, got %d", len(got))
	}}
}}
"""


def java_plain(c):
    return f"""

    /** {c.sentence(9)} */
    static Map<String, Long> {c.camel()}(List<{c.Camel()}> items) {{
        return items.stream()
            .filter(i -> i.{c.camel()}() > {c.n(0, 99)})
            .collect(Collectors.groupingBy({c.Camel()}::{c.w()}, TreeMap::new, Collectors.counting()));
    }}

    record {c.Camel()}Row(long id, String {c.w()}, int {c.w()}Count, Instant {c.w()}At) {{
        {c.Camel()}Row {{
            Objects.requireNonNull({c.w()}At, "{c.w()}At");
        }}
    }}
"""


def yaml_plain(c):
    app = c.w() + "-" + c.w()
    return f"""---
apiVersion: v1
kind: Service
metadata:
  name: {app}
spec:
  selector:
    app.kubernetes.io/name: {app}
  ports:
    - name: http
      port: {c.n(80, 9000)}
      targetPort: {c.n(3000, 9000)}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {app}-config
data:
  LOG_LEVEL: info
  {c.UP()}_BATCH_SIZE: "{c.n(10, 1000)}"
  {c.UP()}_REGION: eu-west-{c.n(1, 3)}
"""


def json_plain(c):
    return (
        f'{{"id": {c.n(1, 999999)}, "{c.w()}": "{c.w()} {c.w()}", "{c.w()}": {c.n()}, '
        f'"created": "2024-0{c.n(1, 9)}-1{c.n(0, 9)}T1{c.n(0, 9)}:{c.n(10, 59)}:00Z", '
        f'"{c.w()}": [{c.n()}, {c.n()}, {c.n()}], "active": {c.r.choice(["true", "false"])}}},\n'
    )


def md_plain(c):
    return f"""
### {c.W()} {c.w()} {c.w()}

{c.sentence(20)} {c.sentence(16)} {c.sentence(12)}

- {c.sentence(8)}
- {c.sentence(9)}
- {c.sentence(7)}

{c.sentence(18)} See `{c.w()}/{c.w()}.{c.r.choice(["py", "ts", "go"])}` for details.
"""


def sh_plain(c):
    return f"""
{c.snake()}() {{
  local dir="${{1:-.}}" count=0
  for f in "$dir"/*.{c.r.choice(["log", "csv", "json"])}; do
    [[ -f "$f" ]] || continue
    count=$((count + $(wc -l <"$f")))
  done
  echo "{c.w()}: $count lines in $dir"
}}
"""


PLAIN = {"py": py_plain, "ts": ts_plain, "js": js_plain, "go": go_plain, "java": java_plain,
         "yaml": yaml_plain, "json": json_plain, "md": md_plain, "sh": sh_plain}
# share of plain chunks: code mostly has no secret-ish words; config files have more of them
PLAIN_SHARE = {"py": 0.8, "ts": 0.8, "js": 0.8, "go": 0.8, "java": 0.8, "yaml": 0.6, "json": 0.8,
               "md": 0.7, "sh": 0.7}


HEADS = {"py": py_head, "ts": ts_head, "go": go_head, "java": java_head}
CHUNKS = {
    "py": py_chunk, "ts": ts_chunk, "js": js_chunk, "go": go_chunk, "java": java_chunk,
    "yaml": yaml_chunk, "json": json_chunk, "env": env_chunk, "sh": sh_chunk, "md": md_chunk,
    "compose": compose_chunk, "workflow": workflow_chunk, "min": minified_chunk,
}
EXT = {"py": ".py", "ts": ".tsx", "js": ".js", "go": ".go", "java": ".java", "yaml": ".yaml",
       "json": ".json", "sh": ".sh", "md": ".md"}
SRC_DIR = {"py": "src/{p}", "ts": "web/src/components", "js": "server/routes",
           "go": "internal/{m}", "java": "src/main/java/dev/example/{m}",
           "yaml": "deploy/k8s", "json": "config", "sh": "scripts", "md": "docs"}


# --- what a scanner should (or may) report: placeholders and fake credentials ---

PLACEHOLDER_VALUES = ["your_api_key_here", "REPLACE_ME", "changeme", "PLACEHOLDER",
                      "your-secret-here", "<your-token>", "xxxxxxxxxxxxxxxx", "sk-...",
                      "TODO_SET_ME", "PLACEHOLDER_API_KEY", "replace-with-real-key", "dummy"]
SECRET_NAMES = ["API_KEY", "SECRET_KEY", "DB_PASSWORD", "JWT_SECRET", "AUTH_TOKEN",
                "STRIPE_SECRET_KEY", "OPENAI_API_KEY", "GITHUB_TOKEN", "SMTP_PASSWORD",
                "SESSION_SECRET"]


def placeholder_line(r, kind):
    name, val = r.choice(SECRET_NAMES), r.choice(PLACEHOLDER_VALUES)
    if kind in ("env", "sh", "md"):
        return f"{'export ' if kind == 'sh' else ''}{name}={val}\n"
    if kind in ("yaml", "compose", "workflow"):
        return f"      {name.lower()}: {val}\n" if r.random() < 0.5 else f"      {name}: \"{val}\"\n"
    if kind == "json":
        return f'{{"{name.lower()}": "{val}"}},\n'
    if kind == "py":
        return f'\n{name} = "{val}"\n'
    if kind in ("ts", "js"):
        return f'\nconst {name} = "{val}";\n'
    if kind == "go":
        return f'\nconst {name.title().replace("_", "")} = "{val}"\n'
    if kind == "java":
        return f'\n    private static final String {name} = "{val}";\n'
    return f"{name}={val}\n"


def rand_str(r, alphabet, k):
    return "".join(r.choices(alphabet, k=k))


def b62(n, width):
    out = ""
    while n:
        n, d = divmod(n, 62)
        out = B62[d] + out
    return out.rjust(width, "0")


def fake_credential(r):
    """Well-formed shapes with random contents: never a real credential."""
    kind = r.choice(["aws", "github", "github_pat", "pem", "jwt", "slack", "stripe", "openai",
                     "google"])
    if kind == "aws":
        key = "AKIA" + rand_str(r, string.ascii_uppercase + "234567", 16)
        sec = rand_str(r, ALNUM + "+/", 40)
        return kind, f"AWS_ACCESS_KEY_ID={key}\nAWS_SECRET_ACCESS_KEY={sec}\n"
    if kind == "github":
        body = rand_str(r, ALNUM, 30)
        return kind, f"GITHUB_TOKEN=ghp_{body}{b62(zlib.crc32(body.encode()), 6)}\n"
    if kind == "github_pat":
        return kind, f"GH_PAT=github_pat_{rand_str(r, ALNUM, 22)}_{rand_str(r, ALNUM, 59)}\n"
    if kind == "pem":
        lines = [base64.b64encode(r.randbytes(48)).decode() for _ in range(r.randint(12, 25))]
        return kind, ("-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(lines)
                      + "\n-----END RSA PRIVATE KEY-----\n")
    if kind == "jwt":
        enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
        head = enc(b'{"alg":"HS256","typ":"JWT"}')
        body = enc(json.dumps({"sub": rand_str(r, ALNUM, 12), "iat": r.randint(1.6e9, 1.7e9),
                               "role": "admin"}).encode())
        return kind, f'AUTH_HEADER="Bearer {head}.{body}.{enc(r.randbytes(32))}"\n'
    if kind == "slack":
        return kind, (f"SLACK_BOT_TOKEN=xoxb-{r.randint(10**10, 10**11)}-"
                      f"{r.randint(10**12, 10**13)}-{rand_str(r, ALNUM, 24)}\n")
    if kind == "stripe":
        return kind, f"STRIPE_SECRET_KEY=sk_live_{rand_str(r, ALNUM, 24)}\n"
    if kind == "openai":
        return kind, f"OPENAI_API_KEY=sk-proj-{rand_str(r, ALNUM + '-_', 48)}\n"
    return kind, f"GOOGLE_API_KEY=AIza{rand_str(r, ALNUM + '-_', 35)}\n"


class Gen:
    def __init__(self, out, size_mb, avg_kb, seed, large):
        self.out, self.large = out, large
        self.target = size_mb * 1024 * 1024
        self.avg = avg_kb * 1024
        self.r = random.Random(seed)
        c = Ctx(random.Random(seed + 1))
        self.pools = {k: [f(c) for _ in range(96 if k != "min" else 8)] for k, f in CHUNKS.items()}
        for k, f in PLAIN.items():
            n = round(96 * PLAIN_SHARE[k] / (1 - PLAIN_SHARE[k]))
            self.pools[k] += [f(c) for _ in range(n)]
        self.avg_len = {k: sum(map(len, p)) // len(p) for k, p in self.pools.items()}
        self.heads = {k: [f(c) for _ in range(24)] for k, f in HEADS.items()}
        self.docker = [dockerfile(c) for _ in range(24)]
        self.bytes = self.files = 0
        self.manifest = {"placeholders": 0, "credentials": {}, "files_with_injection": 0}

    def body(self, kind, size):
        pool = self.pools[kind]
        k = max(1, size // self.avg_len[kind])
        return self.r.choices(pool, k=k)

    def inject(self, kind, parts, p_placeholder, p_cred):
        r, hit = self.r, False
        if r.random() < p_placeholder:
            parts.insert(r.randint(0, len(parts)), placeholder_line(r, kind))
            self.manifest["placeholders"] += 1
            hit = True
        if r.random() < p_cred:
            ck, text = fake_credential(r)
            if kind not in ("env", "sh", "md"):
                text = "\n" + {"py": "# ", "go": "// ", "java": "// ", "ts": "// ",
                               "js": "// "}.get(kind, "# ") + "example:\n" + text
            parts.insert(r.randint(0, len(parts)), text)
            self.manifest["credentials"][ck] = self.manifest["credentials"].get(ck, 0) + 1
            hit = True
        self.manifest["files_with_injection"] += hit

    def write(self, rel, parts):
        path = os.path.join(self.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = "".join(parts).encode()
        with open(path, "wb") as f:
            f.write(data)
        self.bytes += len(data)
        self.files += 1

    def size(self, mean):
        s = int(self.r.lognormvariate(0, 0.9) * mean * 0.67)
        return max(300, min(s, mean * 12))

    def project(self, pname, budget):
        r = self.r
        langs = ["py", "ts", "go", "java"]
        primary = r.choice(langs)
        second = r.choice([l for l in langs if l != primary])
        start = self.bytes
        # fixed repository furniture
        self.write(f"{pname}/README.md", ["# " + pname + "\n"] + self.body("md", self.size(self.avg // 2)))
        for i in range(r.randint(1, 3)):
            parts = [r.choice(self.docker)]
            self.inject("env", parts, 0.05, 0.005)
            self.write(f"{pname}/{'Dockerfile' if i == 0 else f'docker/Dockerfile.{r.choice(WORDS)}{i}'}", parts)
        for name in ["docker-compose.yml", "docker-compose.override.yml", "docker-compose.prod.yml"][: r.randint(1, 3)]:
            parts = ['version: "3.9"\nservices:\n'] + self.body("compose", r.randint(2000, 12000))
            self.inject("compose", parts, 0.15, 0.01)
            self.write(f"{pname}/{name}", parts)
        for i in range(r.randint(2, 8)):
            parts = [f"name: {r.choice(WORDS)}-{i}\non:\n  push:\n    branches: [main]\njobs:\n"]
            parts += self.body("workflow", r.randint(1500, 10000))
            self.inject("workflow", parts, 0.08, 0.01)
            self.write(f"{pname}/.github/workflows/{r.choice(WORDS)}-{i}.yml", parts)
        for name in [".env.example", ".env.sample", ".env", "config/.env.staging"][: r.randint(1, 4)]:
            parts = self.body("env", r.randint(400, 4000))
            self.inject("env", parts, 0.45, 0.06)
            self.write(f"{pname}/{name}", parts)
        weights = {primary: 40, second: 12, "js": 5, "yaml": 12, "json": 8, "md": 9, "sh": 6,
                   "env": 2}
        kinds, wts = list(weights), list(weights.values())
        i = 0
        while self.bytes - start < budget:
            i += 1
            if self.large and r.random() < 0.004:
                self.large_file(pname, i)
                continue
            kind = r.choices(kinds, wts)[0]
            mean = {"env": 2048, "sh": self.avg // 4, "json": self.avg}.get(kind, self.avg)
            parts = self.body(kind, self.size(mean))
            if kind in HEADS:
                parts.insert(0, r.choice(self.heads[kind]))
                if kind == "java":
                    parts.append("}\n")
            elif kind == "json":
                parts = ["[\n"] + parts + ['{"end": true}\n]\n']
            p_ph = {"env": 0.4, "yaml": 0.03, "json": 0.01, "md": 0.02, "sh": 0.02}.get(kind, 0.004)
            self.inject(kind, parts, p_ph, 0.004 if kind != "env" else 0.05)
            mod = r.choice(WORDS)
            if kind == "env":
                d, name = f"config/{mod}", f".env.{r.choice(WORDS)}{i}"
            else:
                d = SRC_DIR[kind].format(p=pname.replace("-", "_"), m=mod)
                name = f"{r.choice(WORDS)}_{r.choice(WORDS)}_{i}{EXT[kind]}"
            if kind == "ts" and r.random() < 0.5:
                name = name[:-1]  # .ts
            self.write(f"{pname}/{d}/{name}", parts)

    def large_file(self, pname, i):
        r = self.r
        kind = r.choice(["min", "json", "ts", "md"])
        size = r.randint(1, 8) * 1024 * 1024
        if kind == "min":
            parts = self.body("min", size)
            # long lines, as in real bundles, but not one line for the whole file
            for j in range(64, len(parts), 64):
                parts[j] = "\n" + parts[j]
            self.write(f"{pname}/web/public/assets/index-{r.getrandbits(32):08x}.js", parts)
        elif kind == "json":
            self.write(f"{pname}/data/seed-{i}.json", ["[\n"] + self.body("json", size) + ['{"end": true}\n]\n'])
        elif kind == "ts":
            self.write(f"{pname}/web/src/generated/api-client-{i}.ts",
                       [self.heads["ts"][0]] + self.body("ts", size))
        else:
            self.write(f"{pname}/docs/CHANGELOG-{i}.md", self.body("md", size))

    def run(self):
        per = 32 * 1024 * 1024
        n = max(1, round(self.target / per))
        names = [f"{PROJECT_WORDS[k % len(PROJECT_WORDS)]}-{w}" for k, w in
                 enumerate(self.r.choices(WORDS, k=n))]
        for k, name in enumerate(names):
            name = f"{k:03d}-{name}"
            remaining = self.target - self.bytes
            self.project(name, remaining // (n - k))
            print(f"gen_tree: {name} done, {self.bytes / 2**20:.0f} MB, {self.files} files",
                  file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=int, required=True)
    ap.add_argument("--avg-kb", type=int, default=40)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--no-large", action="store_true", help="no multi-MB generated files")
    a = ap.parse_args()
    if os.path.exists(a.out):
        sys.exit(f"gen_tree: {a.out} exists; remove it first")
    t0 = time.time()
    tmp = a.out + ".tmp"
    if os.path.exists(tmp):
        import shutil
        shutil.rmtree(tmp)
    g = Gen(tmp, a.size_mb, a.avg_kb, a.seed, not a.no_large)
    g.run()
    os.rename(tmp, a.out)  # a tree exists only once complete
    m = dict(g.manifest, files=g.files, bytes=g.bytes, seed=a.seed, size_mb=a.size_mb,
             avg_kb=a.avg_kb, seconds=round(time.time() - t0, 1))
    with open(a.out + ".manifest.json", "w") as f:
        json.dump(m, f, indent=2)
    print(f"gen_tree: wrote {g.files} files, {g.bytes / 2**20:.1f} MB in {m['seconds']} s "
          f"({m['placeholders']} placeholders, {sum(m['credentials'].values())} fake credentials)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
