package dev.zerofail.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Folds a workflow that fits no core purpose (a scheduled health monitor, a labeler, a stale-issue
 * sweep) into a core workflow as extra jobs, so the active set stays within the core set.
 *
 * <p>The target gains the folded workflow's events; every job is then guarded by the events it
 * came with ({@code if: github.event_name == 'schedule' && github.event.schedule == '0 * * * *'}),
 * so a schedule added for a monitor never starts a deploy, and a push never starts the monitor.
 * An event can be shared only when both sides declare it identically (then both run, as before) or
 * when it is {@code schedule} (the cron tells the runs apart); otherwise the workflow does not fit
 * that target. The target's workflow-level concurrency moves down onto its own jobs, so a folded
 * run never queues behind a deploy or cancels one.
 */
final class Folder {
    private Folder() {
    }

    /** Why this workflow cannot be folded at all, or null when it can. */
    static ConsolidationPlan.KeptReason unfoldable(Workflow w) {
        Map<String, Object> on = events(w.raw().get(w.raw().containsKey("on") ? "on" : "true"));
        if (on.isEmpty()) {
            return ConsolidationPlan.KeptReason.NO_TRIGGER;
        }
        if (on.containsKey("workflow_call")) {
            return ConsolidationPlan.KeptReason.REUSABLE;
        }
        if (!(w.raw().get("jobs") instanceof Map<?, ?> jobs) || jobs.isEmpty()) {
            return ConsolidationPlan.KeptReason.NO_JOBS;
        }
        return null;
    }

    /** True when every event of {@code w} can be added to (or shared with) the target's {@code on}. */
    static boolean fits(Map<String, Object> targetOn, Workflow w) {
        Map<String, Object> on = events(w.raw().get(w.raw().containsKey("on") ? "on" : "true"));
        for (Map.Entry<String, Object> e : on.entrySet()) {
            if (!targetOn.containsKey(e.getKey()) || e.getKey().equals("schedule")) {
                continue;
            }
            if (!Objects.equals(normal(targetOn.get(e.getKey())), normal(e.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /** The target document with {@code folded} added as jobs; the input is not changed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fold(Map<String, Object> target, List<Workflow> folded) {
        if (folded.isEmpty()) {
            return target;
        }
        Map<String, Object> doc = (Map<String, Object>) copy(target);
        Map<String, Object> on = events(doc.get("on"));
        List<String> ownCrons = crons(on.get("schedule"));
        String ownGuard = guard(on.keySet(), ownCrons);
        Object concurrency = doc.remove("concurrency");
        Map<String, Object> jobs = (Map<String, Object>) doc.get("jobs");
        Map<String, Object> newJobs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> j : jobs.entrySet()) {
            Map<String, Object> job = (Map<String, Object>) j.getValue();
            if (concurrency != null && !job.containsKey("concurrency")) {
                // a copy per job: a shared object would be written as a YAML alias, which GitHub rejects
                job = withKey(job, "concurrency", copy(concurrency), "runs-on");
            }
            newJobs.put(j.getKey(), guarded(job, ownGuard));
        }
        Set<String> cronsTaken = new LinkedHashSet<>(ownCrons);
        for (Workflow w : folded) {
            Map<String, Object> raw = (Map<String, Object>) copy(w.raw());
            Map<String, Object> wOn = events(raw.get(raw.containsKey("on") ? "on" : "true"));
            List<String> wCrons = crons(wOn.get("schedule"));
            for (Map.Entry<String, Object> e : wOn.entrySet()) {
                if (e.getKey().equals("schedule")) {
                    List<Object> all = new ArrayList<>(on.get("schedule") instanceof List<?> l ? l : List.of());
                    for (String c : wCrons) {
                        if (cronsTaken.add(c)) {
                            all.add(map("cron", c));
                        }
                    }
                    on.put("schedule", all);
                } else {
                    on.putIfAbsent(e.getKey(), e.getValue());
                }
            }
            String wGuard = guard(wOn.keySet(), wCrons);
            String stem = w.path().substring(w.path().lastIndexOf('/') + 1).replaceFirst("\\.ya?ml$", "");
            Map<String, Object> wJobs = (Map<String, Object>) raw.get("jobs");
            Map<String, String> renamed = new LinkedHashMap<>();
            for (String id : wJobs.keySet()) {
                String nid = newJobs.containsKey(id) || renamed.containsValue(id) ? stem + "-" + id : id;
                for (int i = 2; newJobs.containsKey(nid); i++) {
                    nid = stem + "-" + id + "-" + i;
                }
                renamed.put(id, nid);
            }
            for (Map.Entry<String, Object> j : wJobs.entrySet()) {
                if (!(j.getValue() instanceof Map<?, ?>)) {
                    continue;
                }
                Map<String, Object> job = new LinkedHashMap<>((Map<String, Object>) j.getValue());
                rename(job, renamed);
                for (String key : List.of("permissions", "defaults", "concurrency")) {
                    if (raw.containsKey(key) && !job.containsKey(key)) {
                        job = withKey(job, key, copy(raw.get(key)), "runs-on");
                    }
                }
                if (raw.get("env") instanceof Map<?, ?> env) {
                    Map<String, Object> merged = (Map<String, Object>) copy(env);
                    if (job.get("env") instanceof Map<?, ?> own) {
                        merged.putAll((Map<String, Object>) own);
                    }
                    job.put("env", merged);
                }
                if (!job.containsKey("name")) {
                    job = withKey(job, "name", (w.name() == null ? stem : w.name()) + " / " + j.getKey(), null);
                }
                newJobs.put(renamed.get(j.getKey()), guarded(job, wGuard));
            }
        }
        doc.put("on", on);
        doc.put("jobs", newJobs);
        return doc;
    }

    /** {@code on} as event → detail, whatever form it was written in. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> events(Object on) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (on instanceof String s) {
            out.put(s, new LinkedHashMap<>());
        } else if (on instanceof List<?> l) {
            l.forEach(e -> out.put(String.valueOf(e), new LinkedHashMap<>()));
        } else if (on instanceof Map<?, ?> m) {
            // `workflow_dispatch:` with nothing after it is written back as {}, never as ''
            ((Map<String, Object>) m).forEach((k, v) -> out.put(k, v == null || "".equals(v) ? new LinkedHashMap<>() : v));
        }
        return out;
    }

    private static Object normal(Object detail) {
        return detail instanceof Map<?, ?> m && m.isEmpty() ? null : detail;
    }

    private static List<String> crons(Object schedule) {
        List<String> out = new ArrayList<>();
        if (schedule instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && m.get("cron") != null) {
                    out.add(String.valueOf(m.get("cron")));
                }
            }
        }
        return out;
    }

    /** The condition that a run was started by one of these events (and, for schedule, one of these crons). */
    static String guard(Set<String> events, List<String> crons) {
        List<String> parts = new ArrayList<>();
        for (String e : events) {
            if (e.equals("schedule") && !crons.isEmpty()) {
                parts.add("(github.event_name == 'schedule' && (" + String.join(" || ",
                        crons.stream().map(c -> "github.event.schedule == '" + c.replace("'", "''") + "'").toList()) + "))");
            } else {
                parts.add("github.event_name == '" + e + "'");
            }
        }
        return String.join(" || ", parts);
    }

    private static Map<String, Object> guarded(Map<String, Object> job, String guard) {
        Object own = job.get("if");
        String cond = own == null ? guard : "(" + guard + ") && (" + String.valueOf(own).strip()
                .replaceFirst("^\\$\\{\\{\\s*", "").replaceFirst("\\s*}}$", "") + ")";
        return withKey(job, "if", "${{ " + cond + " }}", "runs-on");
    }

    /** Puts key before {@code before} (or first) so the job still reads top-down. */
    private static Map<String, Object> withKey(Map<String, Object> job, String key, Object value, String before) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean placed = false;
        for (Map.Entry<String, Object> e : job.entrySet()) {
            if (e.getKey().equals(key)) {
                continue;
            }
            if (!placed && (before == null || e.getKey().equals(before))) {
                out.put(key, value);
                placed = true;
            }
            out.put(e.getKey(), e.getValue());
        }
        if (!placed) {
            out.put(key, value);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void rename(Map<String, Object> job, Map<String, String> renamed) {
        Object needs = job.get("needs");
        if (needs instanceof String s) {
            job.put("needs", renamed.getOrDefault(s, s));
        } else if (needs instanceof List<?> l) {
            job.put("needs", l.stream().map(n -> (Object) renamed.getOrDefault(String.valueOf(n), String.valueOf(n))).toList());
        }
        renamed.forEach((from, to) -> {
            if (!from.equals(to)) {
                job.replaceAll((k, v) -> replaceIn(v, "needs." + from + ".", "needs." + to + "."));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Object replaceIn(Object v, String from, String to) {
        if (v instanceof String s) {
            return s.replace(from, to);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, replaceIn(x, from, to)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> replaceIn(x, from, to)).toList();
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, copy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        return v;
    }

    private static Map<String, Object> map(String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, v);
        return m;
    }
}
