#!/usr/bin/env python3
"""Measures one deploy for bench/deploy.sh, the same way for Swarm's own rollback and for zerofail.

Runs until SIGTERM, then prints one JSON object of figures:
  - a probe: every 50 ms, one request to every replica Swarm routes to (task running, desired
    running: what the routing mesh would use), on 127.0.0.1:<base><slot>; failed requests and
    ticks at which no replica answered (moments without a healthy replica);
  - Docker's events: when a container of the new (bad) image started, when a container of the
    old image became healthy again, the service's update state changes (Swarm's rollback start);
  - Docker's own healthcheck log of each container of the new image (each check's end time and
    result), to find the first failed health check.
Usage: deploy_watch.py SERVICE BASE NEW_IMAGE OLD_IMAGE [DOCKER_SOCKET]
"""
import calendar, http.client, json, signal, socket, sys, threading, time, urllib.parse, urllib.request

SERVICE, BASE, NEW, OLD = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
SOCK = sys.argv[5] if len(sys.argv) > 5 else "/var/run/docker.sock"
stop = threading.Event()
lock = threading.Lock()
out = {"requests": 0, "failed": 0, "empty_ticks": 0, "ticks": 0, "events": [], "health": {}, "failures": []}


class UnixHTTP(http.client.HTTPConnection):
    def __init__(self, timeout=5):
        super().__init__("localhost", timeout=timeout)

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(SOCK)


def api(path):
    c = UnixHTTP()
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return json.loads(body) if r.status == 200 else None


def ts(s):
    # Docker's RFC 3339 with nanoseconds → epoch ms
    s = s.rstrip("Z")
    main, _, frac = s.partition(".")
    t = calendar.timegm(time.strptime(main, "%Y-%m-%dT%H:%M:%S"))
    return int((t + float("0." + (frac or "0")[:6])) * 1000)


def probe():
    seen_ok = False
    filt = urllib.parse.quote(json.dumps({"service": [SERVICE]}))
    while not stop.is_set():
        t0 = time.time()
        try:
            tasks = api("/tasks?filters=" + filt) or []
            ok = 0
            for t in tasks:
                if t["Status"]["State"] != "running" or t["DesiredState"] != "running":
                    continue
                port = BASE * 10 + t.get("Slot", 0)
                with lock:
                    out["requests"] += 1
                try:
                    with urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=1) as r:
                        if r.status == 200:
                            ok += 1
                except Exception as e:  # noqa: BLE001 - any failure of a routed request counts
                    with lock:
                        out["failed"] += 1
                        out["failures"].append("%d slot %s: %s" % (int(time.time() * 1000), t.get("Slot"), type(e).__name__))
            with lock:
                out["ticks"] += 1
                if ok:
                    seen_ok = True
                elif seen_ok:
                    out["empty_ticks"] += 1
        except Exception as e:  # noqa: BLE001
            out["failures"].append("probe: %r" % e)
        time.sleep(max(0, 0.05 - (time.time() - t0)))


def health_log(cid):
    entries = {}
    while not stop.is_set():
        c = api("/containers/%s/json" % cid)
        if c is None:
            break
        for e in (c["State"].get("Health") or {}).get("Log") or []:
            entries[e["End"]] = e["ExitCode"]
        if not c["State"]["Running"]:
            break
        time.sleep(0.1)
    with lock:
        out["health"][cid] = sorted((ts(k), v) for k, v in entries.items())


def events():
    c = UnixHTTP(timeout=None)
    c.request("GET", "/events?filters=" + urllib.parse.quote(json.dumps({"type": ["container", "service"]})))
    r = c.getresponse()
    buf = b""
    while not stop.is_set():
        chunk = r.read1(65536) if hasattr(r, "read1") else r.read(1)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            try:
                ev = json.loads(line)
            except ValueError:
                continue
            attrs = ev.get("Actor", {}).get("Attributes", {})
            rec = {"ms": ev["timeNano"] // 1_000_000, "type": ev["Type"], "action": ev["Action"],
                   "image": attrs.get("image", ""), "service": attrs.get("com.docker.swarm.service.name", attrs.get("name", "")),
                   "update": attrs.get("updatestate.new", ""), "id": ev.get("id", "")}
            if rec["service"] != SERVICE:
                continue
            with lock:
                out["events"].append(rec)
            if rec["type"] == "container" and rec["action"] == "start" and rec["image"] == NEW:
                threading.Thread(target=health_log, args=(rec["id"],), daemon=True).start()


for fn in (probe, events):
    threading.Thread(target=fn, daemon=True).start()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
signal.signal(signal.SIGINT, lambda *a: stop.set())
while not stop.is_set():
    time.sleep(0.1)
time.sleep(0.3)
with lock:
    new_start = min((e["ms"] for e in out["events"] if e["action"] == "start" and e["image"] == NEW), default=None)
    first_bad_check = min((t for log in out["health"].values() for t, code in log if code != 0), default=None)
    rollback = min((e["ms"] for e in out["events"] if e["type"] == "service" and e["update"] == "rollback_started"), default=None)
    healthy_again = min((e["ms"] for e in out["events"] if e["action"].startswith("health_status: healthy")
                         and e["image"] == OLD and new_start and e["ms"] > new_start), default=None)
    new_healthy = min((e["ms"] for e in out["events"] if e["action"].startswith("health_status: healthy")
                       and e["image"] == NEW), default=None)
    json.dump({"requests": out["requests"], "failed": out["failed"], "empty_ticks": out["empty_ticks"],
               "no_healthy_ms": out["empty_ticks"] * 50, "ticks": out["ticks"], "new_start": new_start,
               "first_bad_docker_check": first_bad_check, "swarm_rollback_started": rollback,
               "old_healthy_again": healthy_again, "new_healthy": new_healthy, "failures": out["failures"][:20],
               # every event of the service, for the breakdown of where the time goes
               "timeline": [[e["ms"], e["type"], e["action"].split(":")[0] if not e["action"].startswith("health_status")
                             else e["action"].replace(" ", ""), e["image"].rsplit(":", 1)[-1], e["update"], e["id"][:12]]
                            for e in sorted(out["events"], key=lambda e: e["ms"])]}, sys.stdout)
    print()
