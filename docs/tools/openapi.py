#!/usr/bin/env python3
"""Writes src/main/resources/dev/zerofail/server/openapi.json: the paths below, with the deployment
and status shapes taken from docs/schemas so the API and the CLI's JSON cannot drift apart.
--check: exit 1 when the committed document differs from what this script writes."""
import json, re, sys, pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "src/main/resources/dev/zerofail/server/openapi.json"
schemas = ROOT / "docs/schemas"


def relink(node):
    s = json.dumps(node)
    s = s.replace('"envelope.schema.json#/$defs/', '"#/components/schemas/')
    s = s.replace('"deployment.schema.json#/$defs/', '"#/components/schemas/')
    s = s.replace('"#/$defs/', '"#/components/schemas/')
    return json.loads(s)


envelope = json.load(open(schemas / "envelope.schema.json"))["$defs"]
deployment = json.load(open(schemas / "deployment.schema.json"))["$defs"]
status = json.load(open(schemas / "status.schema.json"))["properties"]["result"]
components = {k: relink(v) for k, v in deployment.items()}
components["exitCode"] = relink(envelope["exitCode"])
if "timestamp" in envelope:
    components["timestamp"] = relink(envelope["timestamp"])
components["status"] = relink(status)
# serve answers from a snapshot read at most once a second (the CLI's status reads now and has neither)
components["status"]["properties"]["readAt"] = {"$ref": "#/components/schemas/timestamp",
                                                 "description": "when Docker and the store were read for this answer"}
components["status"]["properties"]["ageMs"] = {"type": "integer", "minimum": 0,
                                                "description": "how old the snapshot was when served, in milliseconds"}
components["problem"] = {
    "type": "object", "required": ["type", "title", "status"], "additionalProperties": False,
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string", "pattern": "^urn:zerofail:problem:[a-z0-9-]+$"},
        "title": {"type": "string"}, "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "parameter": {"type": "string", "description": "the query parameter, path parameter or header at fault"}}}
components["health"] = {"type": "object", "required": ["status"], "additionalProperties": False,
                        "properties": {"status": {"enum": ["ok", "ready"]}}}
components["environments"] = {
    "type": "object", "required": ["environments"], "additionalProperties": False,
    "properties": {"environments": {"type": "array", "items": {
        "type": "object", "required": ["name", "stack", "services"], "additionalProperties": False,
        "properties": {"name": {"type": "string"}, "stack": {"type": "string"},
                       "services": {"type": "array", "items": {"type": "string"}}}}}}}
components["deploymentList"] = {
    "type": "object", "required": ["deployments", "limit"], "additionalProperties": False,
    "properties": {"deployments": {"type": "array", "items": {"$ref": "#/components/schemas/deployment"}},
                   "limit": {"type": "integer", "minimum": 1, "maximum": 500},
                   "nextCursor": {"type": "string", "description": "pass as cursor for the next (older) page; absent on the last"}}}


_imported = set()


def imported(name):
    """A command's schema (docs/schemas/NAME.schema.json) as components NAME-result and NAME-<def>, with the
    schemas it links to imported the same way; envelope definitions map to the shared components."""
    if name not in _imported:
        _imported.add(name)
        doc = json.load(open(schemas / (name + ".schema.json")))
        text = json.dumps(doc)
        text = text.replace('"#/$defs/', '"#/components/schemas/' + name + "-")
        text = text.replace('"envelope.schema.json#/$defs/', '"#/components/schemas/')
        text = text.replace('"deployment.schema.json#/$defs/', '"#/components/schemas/')
        for other in sorted(set(re.findall(r'"([a-z-]+)\.schema\.json#', text))):
            imported(other)
        text = re.sub(r'"([a-z-]+)\.schema\.json#/\$defs/', lambda m: '"#/components/schemas/' + m.group(1) + "-", text)
        text = re.sub(r'"([a-z-]+)\.schema\.json#/properties/result"', lambda m: '"#/components/schemas/' + m.group(1) + '-result"', text)
        doc = json.loads(text)
        for k, v in doc.get("$defs", {}).items():
            components[name + "-" + k] = v
        if "result" in doc.get("properties", {}) and not (doc["properties"]["result"].get("$ref", "") == "#/components/schemas/" + name + "-result"):
            components[name + "-result"] = doc["properties"]["result"]
    return {"$ref": "#/components/schemas/" + name + "-result"}


for k in ("severity", "timestamp"):
    if k in envelope:
        components[k] = relink(envelope[k])
components["dora"] = imported("stats")
components["scorecard"] = imported("audit")
components["accepted"] = {
    "type": "object", "required": ["deploymentId", "environment", "service", "kind", "location"], "additionalProperties": False,
    "properties": {"deploymentId": {"type": "integer", "minimum": 1}, "environment": {"type": "string"},
                   "service": {"type": "string"}, "kind": {"enum": ["deploy", "rollback"]},
                   "location": {"type": "string", "description": "the deployment to poll (also the Location header)"}}}
components["deployRequest"] = {
    "type": "object", "required": ["env", "service"], "additionalProperties": False,
    "properties": {"env": {"type": "string", "description": "environment from zerofail.yaml"},
                   "service": {"type": "string", "description": "one compose service"},
                   "image": {"type": "string", "description": "deploy this image instead of the compose file's"},
                   "tag": {"type": "string", "description": "replace the tag of the service's image (not with image)"},
                   "reason": {"type": "string", "maxLength": 500, "description": "why, for the record"},
                   "emergency": {"type": "boolean", "description": "skip the freeze, image and secret gates; needs confirm"},
                   "confirm": {"const": "DEPLOY", "description": "the confirmation word, with emergency only"}}}
components["rollbackRequest"] = {
    "type": "object", "required": ["env", "service"], "additionalProperties": False,
    "properties": {"env": {"type": "string"}, "service": {"type": "string"},
                   "to": {"type": "string", "description": "previous (default), a deployment id, or an image tag a success deployed"},
                   "reason": {"type": "string", "maxLength": 500}}}


def problem(desc):
    return {"description": desc, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/problem"}}}}


def ok(ref, desc="OK"):
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/" + ref}}}}


AUTH = {"401": problem("no token, a malformed one or a wrong one"), "403": problem("the token's role is too low"),
        "429": problem("too many failed authentications from this address (Retry-After)")}
ERR = {"400": problem("a query parameter is unknown, repeated, empty or invalid"), "500": problem("internal error")}


def q(name, desc, schema=None):
    return {"name": name, "in": "query", "required": False, "description": desc, "schema": schema or {"type": "string"}}


paths = {
    "/healthz": {"get": {"summary": "The process answers", "operationId": "health",
                         "security": [{}, {"bearer": []}],
                         "responses": {"200": ok("health"), **ERR, **AUTH}}},
    "/readyz": {"get": {"summary": "The history store answers", "operationId": "ready",
                        "security": [{}, {"bearer": []}],
                        "responses": {"200": ok("health"), **ERR, **AUTH, "503": problem("the history database does not answer")}}},
    "/api/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                  "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}},
                                                **ERR, **AUTH}}},
    "/api/v1/environments": {"get": {"summary": "The environments of zerofail.yaml", "operationId": "environments",
                                     "responses": {"200": ok("environments"), **ERR, **AUTH}}},
    "/api/v1/status": {"get": {"summary": "An environment's services now", "operationId": "status",
                               "parameters": [dict(q("env", "environment from zerofail.yaml"), required=True)],
                               "responses": {"200": ok("status"), **ERR, **AUTH,
                                             "503": problem("Docker or the history database does not answer")}}},
    "/api/v1/deployments": {"get": {
        "summary": "Deployments, newest first (keyset pages by id)", "operationId": "deployments",
        "parameters": [q("env", "environment from zerofail.yaml"), q("service", "compose service"),
                       q("state", "final state", {"enum": ["running", "succeeded", "rolled_back", "rollback_failed",
                                                           "failed_preflight", "noop", "interrupted"]}),
                       q("since", "started at or after: an instant (2026-11-20T10:00:00Z), a UTC date or a time back (30m, 12h, 7d, 2w)"),
                       q("cursor", "nextCursor of the previous page (opaque)"),
                       q("limit", "page size", {"type": "integer", "minimum": 1, "maximum": 500, "default": 50})],
        "responses": {"200": ok("deploymentList"), **ERR, **AUTH}}},
    "/api/v1/deployments/{id}": {"get": {
        "summary": "One deployment with its phases, gates, failing tasks and events", "operationId": "deployment",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}],
        "responses": {"200": ok("deployment"), **ERR, **AUTH, "404": problem("no such deployment")}}},
    "/metrics": {"get": {
        "summary": "Prometheus metrics (docs/metrics.md): the text format, or OpenMetrics when Accept asks for it",
        "operationId": "metrics", "security": [{}, {"bearer": []}],
        "responses": {"200": {"description": "the metrics",
                              "content": {"text/plain; version=0.0.4": {"schema": {"type": "string"}},
                                          "application/openmetrics-text; version=1.0.0": {"schema": {"type": "string"}}}},
                      **ERR, **AUTH, "503": problem("the history database does not answer")}}},
}


def action(summary, op, request):
    return {"post": {
        "summary": summary, "operationId": op,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/" + request}}}},
        "responses": {"202": {"description": "started; poll the Location",
                              "headers": {"Location": {"schema": {"type": "string"}, "description": "/api/v1/deployments/{id}"}},
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/accepted"}}}},
                      "400": problem("bad JSON, an unknown or missing field, an unknown environment or service; parameter names the field"),
                      "409": problem("the service's deploy lock is held (another deploy through any replica or the CLI)"),
                      "503": problem("Docker or the history database does not answer, or every deploy worker is busy (Retry-After)"),
                      "500": problem("internal error"), **AUTH}}}


paths["/api/v1/deployments"].update(action("Start a health-gated deploy of one service (role deployer)", "deploy",
                                           "deployRequest"))
paths["/api/v1/metrics/dora"] = {"get": {
    "summary": "DORA figures, success rate by day and the 95% streak (zerofail stats' result)", "operationId": "dora",
    "parameters": [q("env", "environment (default: stats.production)"), q("service", "one service (default: all together and each)"),
                   q("window", "days, 1 to 365, like 7 or 30d (default: stats.windows)")],
    "responses": {"200": ok("dora"), **ERR, **AUTH, "503": problem("the history database does not answer")}}}
paths["/api/v1/scorecard"] = {"get": {
    "summary": "The audit's scorecard of the served repository (zerofail audit's result), cached 5 minutes (Age header)",
    "operationId": "scorecard",
    "responses": {"200": ok("scorecard"), **ERR, **AUTH, "503": problem("no repository to audit")}}}
paths["/api/v1/rollbacks"] = action("Roll one service back (role deployer)", "rollback", "rollbackRequest")
paths["/api/v1/events"] = {"get": {
    "summary": "Server-Sent Events of every deploy: its events (started, updating, rolled-back, succeeded...) and gate results",
    "operationId": "events",
    "parameters": [q("env", "environment from zerofail.yaml"), q("service", "compose service"),
                   {"name": "Last-Event-ID", "in": "header", "required": False, "schema": {"type": "string", "pattern": "^[0-9]+[.][0-9]+$"},
                    "description": "resume after this event id"}],
    "responses": {"200": {"description": "an endless event stream; each event's id resumes it, data is one JSON object",
                          "content": {"text/event-stream": {"schema": {"type": "string"}}}},
                  **ERR, **AUTH, "503": problem("too many open streams on this server (Retry-After)")}}}

doc = {
    "openapi": "3.1.0",
    "info": {"title": "zerofail serve", "version": "1",
             "description": "HTTP API of zerofail serve. Every error is application/problem+json (RFC 9457)."},
    "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
    "security": [{"bearer": []}],
    "paths": paths,
    "components": {"schemas": components,
                   "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                  "description": "a token from zerofail serve hash-token --generate; roles viewer < deployer < admin"}}},
}
text = json.dumps(doc, indent=2, sort_keys=False) + "\n"
if "--check" in sys.argv:
    if OUT.read_text() != text:
        print(f"{OUT} is stale: run python3 docs/tools/openapi.py", file=sys.stderr)
        sys.exit(1)
else:
    OUT.write_text(text)
