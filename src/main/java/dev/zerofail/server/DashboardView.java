package dev.zerofail.server;

import static dev.zerofail.server.Html.duration;
import static dev.zerofail.server.Html.esc;
import static dev.zerofail.server.Html.lower;
import static dev.zerofail.server.Html.percent;
import static dev.zerofail.server.Html.time;

import dev.zerofail.core.Scorecard;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.history.DeploymentRecord;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.TaskFailure;
import dev.zerofail.stats.DoraClass;
import dev.zerofail.stats.StatsResult;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The dashboard's HTML, rendered from the same records the API serves. No inline script or style
 * (the CSP forbids them): behaviour lives in dashboard.js, data for charts in data- attributes, and
 * every figure a test compares carries {@code data-figure}.
 */
final class DashboardView {
    static final String HTMX = "htmx-2.0.11.min.js";
    static final String UPLOT_JS = "uPlot-1.6.32.iife.min.js";
    static final String UPLOT_CSS = "uPlot-1.6.32.min.css";

    /** Who looks, and what the page's forms must send back. */
    record Viewer(Principal who, String csrf) {
        boolean deployer() {
            return who != null && who.role().includes(Role.DEPLOYER);
        }
    }

    /** One environment now: its figures, its services and its deployments. */
    record EnvPage(String env, List<String> environments, ZoneId zone, StatsResult stats, StatusResult status,
            String statusProblem, List<DeploymentRecord> running, List<DeploymentRecord> recent) {
        EnvPage {
            environments = List.copyOf(environments);
            running = List.copyOf(running);
            recent = List.copyOf(recent);
        }
    }

    private DashboardView() {
    }

    static String layout(String title, Viewer v, List<String> environments, String current, String body) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                // htmx must not add its own style element nor evaluate attributes: the CSP would refuse both
                .append("<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false,\"allowEval\":false,")
                .append("\"allowScriptTags\":false}'>")
                .append("<title>").append(esc(title)).append(" · zerofail</title>")
                .append("<link rel=\"stylesheet\" href=\"/static/").append(UPLOT_CSS).append("\">")
                .append("<link rel=\"stylesheet\" href=\"/static/dashboard.css\">")
                .append("<script src=\"/static/").append(HTMX).append("\" defer></script>")
                .append("<script src=\"/static/").append(UPLOT_JS).append("\" defer></script>")
                .append("<script src=\"/static/dashboard.js\" defer></script>")
                .append("</head><body><a class=\"skip\" href=\"#main\">Skip to content</a><header><nav aria-label=\"Environments\">")
                .append("<a class=\"brand\" href=\"/\">zerofail</a>");
        for (String e : environments) {
            b.append("<a href=\"/env/").append(esc(e)).append("\"").append(e.equals(current) ? " aria-current=\"page\"" : "")
                    .append(">").append(esc(e)).append("</a>");
        }
        b.append("<a href=\"/scorecard\"").append("scorecard".equals(current) ? " aria-current=\"page\"" : "").append(">Scorecard</a>");
        b.append("</nav>");
        if (v != null && v.who() != null) {
            b.append("<form class=\"who\" method=\"post\" action=\"/logout\"><span data-role=\"").append(esc(v.who().role().id()))
                    .append("\">").append(esc(v.who().name())).append(" (").append(esc(v.who().role().id())).append(")</span>")
                    .append(csrfField(v)).append("<button type=\"submit\">Log out</button></form>");
        }
        b.append("</header><main id=\"main\" tabindex=\"-1\">").append(body).append("</main></body></html>");
        return b.toString();
    }

    static String csrfField(Viewer v) {
        return "<input type=\"hidden\" name=\"" + Session.CSRF_FIELD + "\" value=\"" + esc(v.csrf()) + "\">";
    }

    /** The whole environment page's main content; the live part refreshes itself (SSE, else every 10 s). */
    static String environment(EnvPage p, Viewer v) {
        StringBuilder b = new StringBuilder(16384);
        b.append("<h1>").append(esc(p.env())).append("</h1>");
        b.append("<div id=\"env\" data-env=\"").append(esc(p.env())).append("\" hx-get=\"/env/").append(esc(p.env()))
                .append("/live\" hx-trigger=\"every 10s, zf-event from:body throttle:1s\" hx-swap=\"innerHTML\">")
                .append(live(p, v)).append("</div>");
        b.append("<section aria-labelledby=\"feed-h\"><h2 id=\"feed-h\">Live events</h2>")
                .append("<p id=\"feed-state\" class=\"muted\" role=\"status\">connecting…</p>")
                .append("<ol id=\"feed\" class=\"feed\" aria-live=\"polite\"></ol></section>");
        return b.toString();
    }

    /** The part of the environment page that follows the store and Docker. */
    static String live(EnvPage p, Viewer v) {
        StringBuilder b = new StringBuilder(16384);
        figures(b, p);
        services(b, p, v);
        running(b, p);
        recent(b, p);
        return b.toString();
    }

    private static void figures(StringBuilder b, EnvPage p) {
        b.append("<section aria-labelledby=\"fig-h\"><h2 id=\"fig-h\">Deploy success</h2>");
        StatsResult s = p.stats();
        if (s == null || s.all() == null) {
            b.append("<p class=\"muted\" data-figure=\"no-history\">No deployments recorded yet.</p></section>");
            return;
        }
        StatsResult.Scope all = s.all();
        b.append("<div class=\"cards\">");
        for (StatsResult.Window w : all.windows()) {
            card(b, "Success " + w.days() + " days", percent(w.successRate()), "success-rate-" + w.days(),
                    w.successes() + " of " + w.attempts() + " attempts", rateClass(w.successRate(), s.successTargetPercent()));
        }
        StatsResult.Streak st = all.streak();
        card(b, "≥ " + trim(s.successTargetPercent()) + "% streak", st.days() + (st.days() == 1 ? " day" : " days"), "streak",
                (st.met() ? "met" : "not met") + ": " + st.requiredDays() + " days needed" + (st.since() == null ? "" : ", since " + st.since()),
                st.met() ? "good" : "bad");
        b.append("</div>");
        StatsResult.Window longest = all.windows().stream().max(java.util.Comparator.comparingInt(StatsResult.Window::days)).orElse(null);
        if (longest != null) {
            String days = longest.daily().stream().map(d -> "\"" + d.date() + "\"").collect(Collectors.joining(",", "[", "]"));
            String rates = longest.daily().stream().map(d -> d.successRate() == null ? "null" : Html.number(d.successRate() * 100))
                    .collect(Collectors.joining(",", "[", "]"));
            b.append("<figure><div class=\"chart\" role=\"img\" aria-label=\"Success rate by day, last ").append(longest.days())
                    .append(" days\" data-days='").append(esc(days)).append("' data-rates='").append(esc(rates))
                    .append("' data-target=\"").append(trim(s.successTargetPercent())).append("\"></div>")
                    .append("<figcaption>Success rate by day (").append(esc(s.timezone())).append("), target ")
                    .append(trim(s.successTargetPercent())).append("%</figcaption></figure>");
            b.append("<details><summary>By day (table)</summary><table class=\"days\"><thead><tr><th scope=\"col\">Day</th>")
                    .append("<th scope=\"col\">Attempts</th><th scope=\"col\">Succeeded</th><th scope=\"col\">Rate</th></tr></thead><tbody>");
            for (StatsResult.Day d : longest.daily()) {
                if (d.attempts() > 0) {
                    b.append("<tr><td>").append(esc(d.date())).append("</td><td>").append(d.attempts()).append("</td><td>")
                            .append(d.successes()).append("</td><td data-figure=\"day-").append(esc(d.date())).append("\">")
                            .append(percent(d.successRate())).append("</td></tr>");
                }
            }
            b.append("</tbody></table></details>");
        }
        b.append("<h2>DORA</h2><div class=\"scroll\"><table class=\"dora\"><thead><tr><th scope=\"col\">Figure</th>");
        for (StatsResult.Window w : all.windows()) {
            b.append("<th scope=\"col\">").append(w.days()).append(" days</th>");
        }
        b.append("</tr></thead><tbody>");
        row(b, "Deployment frequency", all.windows(), w -> Html.number(w.deploymentFrequencyPerWeek()) + " days/week",
                StatsResult.Window::deploymentFrequencyClass, "frequency");
        row(b, "Change fail rate", all.windows(), w -> percent(w.changeFailRate()) + " (" + w.changeFailures() + ")",
                StatsResult.Window::changeFailRateClass, "change-fail-rate");
        row(b, "Recovery time (median)", all.windows(), w -> duration(w.recoveryMedianMs())
                + (w.unrecovered() > 0 ? ", " + w.unrecovered() + " unrecovered" : ""), StatsResult.Window::recoveryClass, "recovery");
        row(b, "Change lead time (median)", all.windows(), w -> w.leadTimeOmitted() != null ? "no commit times recorded"
                : duration(w.leadTimeMedianMs()), StatsResult.Window::leadTimeClass, "lead-time");
        row(b, "Rework rate", all.windows(), w -> percent(w.reworkRate()), w -> null, "rework-rate");
        row(b, "Deploy time (mean)", all.windows(), w -> duration(w.deployTimeMeanMs()), w -> null, "deploy-time-mean");
        row(b, "Deploy time (p90)", all.windows(), w -> duration(w.deployTimeP90Ms()), w -> null, "deploy-time-p90");
        b.append("</tbody></table></div></section>");
    }

    private static void row(StringBuilder b, String name, List<StatsResult.Window> windows,
            java.util.function.Function<StatsResult.Window, String> value,
            java.util.function.Function<StatsResult.Window, DoraClass> cls, String key) {
        b.append("<tr><th scope=\"row\">").append(esc(name)).append("</th>");
        for (StatsResult.Window w : windows) {
            DoraClass c = cls.apply(w);
            b.append("<td><span data-figure=\"").append(key).append("-").append(w.days()).append("\">").append(esc(value.apply(w)))
                    .append("</span>");
            if (c != null) {
                b.append(" <span class=\"badge ").append(lower(c)).append("\" data-figure=\"").append(key).append("-class-")
                        .append(w.days()).append("\">").append(lower(c)).append("</span>");
            }
            b.append("</td>");
        }
        b.append("</tr>");
    }

    private static void card(StringBuilder b, String label, String value, String key, String note, String tone) {
        b.append("<div class=\"card ").append(tone).append("\"><div class=\"label\">").append(esc(label))
                .append("</div><div class=\"value\" data-figure=\"").append(key).append("\">").append(esc(value))
                .append("</div><div class=\"note\">").append(esc(note)).append("</div></div>");
    }

    private static String rateClass(Double rate, double targetPercent) {
        return rate == null ? "none" : rate * 100 >= targetPercent ? "good" : "bad";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static void services(StringBuilder b, EnvPage p, Viewer v) {
        b.append("<section aria-labelledby=\"svc-h\"><h2 id=\"svc-h\">Services</h2>");
        if (p.status() == null) {
            b.append("<p class=\"warn\" data-figure=\"status-unknown\">Service state unknown: ").append(esc(p.statusProblem()))
                    .append("</p></section>");
            return;
        }
        b.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Image</th>")
                .append("<th scope=\"col\">Replicas (healthy / running / desired)</th><th scope=\"col\">Health</th>")
                .append("<th scope=\"col\">Last deploy</th>").append(v.deployer() ? "<th scope=\"col\">Action</th>" : "")
                .append("</tr></thead><tbody>");
        for (Inspector.ServiceStatus s : p.status().services()) {
            String health = !s.deployed() ? "not deployed" : s.healthy() >= s.desired() && s.desired() > 0 ? "healthy"
                    : s.healthy() > 0 ? "degraded" : "unhealthy";
            b.append("<tr data-service=\"").append(esc(s.service())).append("\"><th scope=\"row\">").append(esc(s.service()))
                    .append("</th><td class=\"mono\" data-figure=\"image\">").append(esc(s.image() == null ? "–" : s.image()))
                    .append("</td><td data-figure=\"replicas\">").append(s.healthy()).append(" / ").append(s.running()).append(" / ")
                    .append(s.desired()).append("</td><td><span class=\"badge ").append(health.replace(' ', '-'))
                    .append("\" data-figure=\"health\">").append(health).append("</span></td><td>");
            if (s.last() != null) {
                b.append("<a href=\"/deploys/").append(s.last().id()).append("\">#").append(s.last().id()).append(" ")
                        .append(esc(lower(s.last().state()))).append("</a>");
            } else {
                b.append("–");
            }
            b.append("</td>");
            if (v.deployer()) {
                b.append("<td><a class=\"button danger\" data-rollback=\"").append(esc(s.service())).append("\" href=\"/env/")
                        .append(esc(p.env())).append("/services/").append(esc(s.service())).append("/rollback\">Roll back…</a></td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table></div></section>");
    }

    private static void running(StringBuilder b, EnvPage p) {
        b.append("<section aria-labelledby=\"run-h\"><h2 id=\"run-h\">In progress</h2>");
        if (p.running().isEmpty()) {
            b.append("<p class=\"muted\" data-figure=\"running-none\">No deploy in progress.</p></section>");
            return;
        }
        for (DeploymentRecord d : p.running()) {
            b.append("<article class=\"running\" data-deployment=\"").append(d.id()).append("\"><h3><a href=\"/deploys/")
                    .append(d.id()).append("\">#").append(d.id()).append(" ").append(esc(lower(d.kind()))).append(" ")
                    .append(esc(d.service())).append("</a> <span class=\"mono\">").append(esc(d.toImage())).append("</span></h3>");
            String phase = d.phases() == null || d.phases().isEmpty() ? "started" : d.phases().get(d.phases().size() - 1).phase();
            b.append("<p>Phase <strong data-figure=\"phase\">").append(esc(phase)).append("</strong> since ")
                    .append(time(d.startedAt(), p.zone())).append(" by ").append(esc(d.actor())).append("</p>");
            gates(b, d.gates(), p.zone());
            b.append("</article>");
        }
        b.append("</section>");
    }

    private static void gates(StringBuilder b, List<GateResult> gates, ZoneId zone) {
        if (gates == null || gates.isEmpty()) {
            b.append("<p class=\"muted\">No gate results yet.</p>");
            return;
        }
        b.append("<ul class=\"gates\">");
        for (GateResult g : gates) {
            b.append("<li class=\"").append(g.passed() ? "pass" : "fail").append("\" data-gate=\"").append(esc(g.gate()))
                    .append("\"><span class=\"badge ").append(g.passed() ? "good" : "bad").append("\">").append(g.passed() ? "pass" : "fail")
                    .append("</span> ").append(esc(g.gate())).append(" <span class=\"mono\">").append(esc(g.target()))
                    .append("</span> ").append(esc(g.detail())).append(" ").append(time(g.at(), zone)).append("</li>");
        }
        b.append("</ul>");
    }

    private static void recent(StringBuilder b, EnvPage p) {
        b.append("<section aria-labelledby=\"rec-h\"><h2 id=\"rec-h\">Recent deployments</h2>");
        if (p.recent().isEmpty()) {
            b.append("<p class=\"muted\">None yet.</p></section>");
            return;
        }
        b.append("<div class=\"scroll\"><table class=\"recent\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Service</th>")
                .append("<th scope=\"col\">Kind</th><th scope=\"col\">Outcome</th><th scope=\"col\">Started</th>")
                .append("<th scope=\"col\">Duration</th><th scope=\"col\">Failing task</th></tr></thead><tbody>");
        for (DeploymentRecord d : p.recent()) {
            b.append("<tr data-deployment=\"").append(d.id()).append("\"><td><a href=\"/deploys/").append(d.id()).append("\">")
                    .append(d.id()).append("</a></td><td>").append(esc(d.service())).append("</td><td>").append(esc(lower(d.kind())))
                    .append(d.emergency() ? " (emergency)" : "").append("</td><td><span class=\"badge ").append(tone(d))
                    .append("\" data-figure=\"outcome\">").append(esc(lower(d.state()))).append("</span></td><td>")
                    .append(time(d.startedAt(), p.zone())).append("</td><td data-figure=\"duration\">").append(duration(d.durationMs()))
                    .append("</td><td>").append(esc(failingTask(d))).append("</td></tr>");
        }
        b.append("</tbody></table></div></section>");
    }

    static String failingTask(DeploymentRecord d) {
        List<TaskFailure> f = d.failedTasks();
        if (f == null || f.isEmpty()) {
            return "";
        }
        TaskFailure t = f.get(0);
        return t.taskId() + ": " + (t.error() == null ? "exit " + t.exitCode() : t.error());
    }

    private static String tone(DeploymentRecord d) {
        return switch (d.state()) {
            case SUCCEEDED, NOOP -> "good";
            case RUNNING -> "running";
            default -> "bad";
        };
    }

    /** One deployment: its facts, phases, gates, failing tasks and timeline. */
    static String deployment(DeploymentRecord d, ZoneId zone, Viewer v) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<h1>Deployment #").append(d.id()).append("</h1><dl class=\"facts\">");
        fact(b, "Environment", "<a href=\"/env/" + esc(d.environment()) + "\">" + esc(d.environment()) + "</a>");
        fact(b, "Service", esc(d.service()));
        fact(b, "Kind", esc(lower(d.kind())) + (d.emergency() ? " (emergency)" : ""));
        fact(b, "Outcome", "<span class=\"badge " + tone(d) + "\" data-figure=\"outcome\">" + esc(lower(d.state())) + "</span>");
        fact(b, "By", esc(d.actor()));
        if (d.reason() != null) {
            fact(b, "Reason", esc(d.reason()));
        }
        fact(b, "From", "<span class=\"mono\">" + esc(d.fromImage()) + "</span>");
        fact(b, "To", "<span class=\"mono\">" + esc(d.toImage()) + "</span>");
        fact(b, "Started", time(d.startedAt(), zone));
        fact(b, "Duration", "<span data-figure=\"duration\">" + duration(d.durationMs()) + "</span>");
        if (d.error() != null) {
            fact(b, "Error", esc(d.error()));
        }
        b.append("</dl>");
        if (v.deployer()) {
            b.append("<p><a class=\"button danger\" data-rollback=\"").append(esc(d.service())).append("\" href=\"/env/")
                    .append(esc(d.environment())).append("/services/").append(esc(d.service())).append("/rollback\">Roll back ")
                    .append(esc(d.service())).append("…</a></p>");
        }
        b.append("<h2>Phases</h2>");
        if (d.phases() == null || d.phases().isEmpty()) {
            b.append("<p class=\"muted\">None recorded.</p>");
        } else {
            b.append("<table><thead><tr><th scope=\"col\">Phase</th><th scope=\"col\">Started</th><th scope=\"col\">Took</th></tr></thead><tbody>");
            for (DeploymentRecord.Phase ph : d.phases()) {
                b.append("<tr><td>").append(esc(ph.phase())).append("</td><td>").append(time(ph.startedAt(), zone)).append("</td><td>")
                        .append(ph.durationMs() == null ? "running" : duration(ph.durationMs())).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<h2>Gates</h2>");
        gates(b, d.gates(), zone);
        if (d.failedTasks() != null && !d.failedTasks().isEmpty()) {
            b.append("<h2>Failing tasks</h2><ul>");
            for (TaskFailure t : d.failedTasks()) {
                b.append("<li><span class=\"mono\">").append(esc(t.taskId())).append("</span> ")
                        .append(esc(t.error() == null ? "exit " + t.exitCode() : t.error())).append("</li>");
            }
            b.append("</ul>");
        }
        b.append("<h2>Timeline</h2><ol class=\"timeline\">");
        for (DeploymentRecord.Event e : d.events() == null ? List.<DeploymentRecord.Event>of() : d.events()) {
            b.append("<li>").append(time(e.at(), zone)).append(" <strong>").append(esc(e.phase())).append("</strong> ")
                    .append(esc(e.message())).append("</li>");
        }
        b.append("</ol>");
        return b.toString();
    }

    private static void fact(StringBuilder b, String name, String html) {
        b.append("<div><dt>").append(esc(name)).append("</dt><dd>").append(html).append("</dd></div>");
    }

    /** The confirmation step before a rollback: what will happen, a reason, and an explicit confirm. */
    static String confirmRollback(String env, String service, String current, String previous, Viewer v) {
        StringBuilder b = new StringBuilder(2048);
        b.append("<h1>Roll back ").append(esc(service)).append(" in ").append(esc(env)).append("?</h1>")
                .append("<p>This rolls <strong>").append(esc(service)).append("</strong> back from <span class=\"mono\">")
                .append(esc(current == null ? "its current spec" : current)).append("</span> to <span class=\"mono\">")
                .append(esc(previous == null ? "its previous spec" : previous)).append("</span>, and is recorded with your name.</p>")
                .append("<form id=\"rollback-form\" class=\"confirm\" method=\"post\" action=\"/api/v1/rollbacks\" data-json>")
                .append(csrfField(v))
                .append("<input type=\"hidden\" name=\"env\" value=\"").append(esc(env)).append("\">")
                .append("<input type=\"hidden\" name=\"service\" value=\"").append(esc(service)).append("\">")
                .append("<label for=\"reason\">Reason (optional)</label><input id=\"reason\" name=\"reason\" maxlength=\"500\">")
                .append("<div class=\"actions\"><button type=\"submit\" class=\"danger\" id=\"confirm-rollback\">Confirm rollback</button>")
                .append("<a class=\"button\" href=\"/env/").append(esc(env)).append("\">Cancel</a></div>")
                .append("<p class=\"error\" role=\"alert\" data-error></p></form>");
        return b.toString();
    }

    static String login(String formToken, String error) {
        StringBuilder b = new StringBuilder(2048);
        b.append("<h1>Log in</h1><form class=\"login\" method=\"post\" action=\"/login\">")
                .append("<input type=\"hidden\" name=\"").append(Session.CSRF_FIELD).append("\" value=\"").append(esc(formToken)).append("\">")
                .append("<label for=\"token\">API token</label>")
                .append("<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required autofocus>")
                .append("<button type=\"submit\">Log in</button>");
        if (error != null) {
            b.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>");
        }
        b.append("<p class=\"muted\">A viewer token shows the dashboard; a deployer token can also roll back.</p></form>");
        return b.toString();
    }

    static String scorecard(Scorecard s) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<h1>Audit scorecard</h1>");
        if (s == null) {
            b.append("<p class=\"muted\">No scorecard: this server runs no audit.</p>");
            return b.toString();
        }
        b.append("<p>Overall: <span class=\"badge ").append(s.passed() ? "good" : "bad").append("\" data-figure=\"scorecard\">")
                .append(s.passed() ? "passed" : "failed").append("</span></p>");
        for (Scorecard.Section sec : s.sections()) {
            b.append("<section><h2>").append(esc(sec.name())).append("</h2><ul class=\"checks\">");
            for (Scorecard.Check c : sec.checks()) {
                b.append("<li data-check=\"").append(esc(c.id())).append("\"><span class=\"badge ").append(c.passed() ? "good" : "bad")
                        .append("\">").append(c.passed() ? "pass" : "fail").append("</span> ").append(esc(c.description()));
                if (c.detail() != null) {
                    b.append(" <span class=\"muted\">").append(esc(c.detail())).append("</span>");
                }
                if (!c.passed() && c.fix() != null) {
                    b.append("<div class=\"fix\">").append(esc(c.fix())).append("</div>");
                }
                b.append("</li>");
            }
            b.append("</ul></section>");
        }
        return b.toString();
    }
}
