package dev.zerofail.runs;

import dev.zerofail.runs.RunsReportResult.CauseCount;
import dev.zerofail.runs.RunsReportResult.Example;
import dev.zerofail.runs.RunsReportResult.Figures;
import dev.zerofail.runs.RunsReportResult.Flaky;
import dev.zerofail.runs.RunsReportResult.Group;
import dev.zerofail.runs.RunsReportResult.JobTime;
import dev.zerofail.runs.RunsReportResult.PushToDeploy;
import dev.zerofail.runs.RunsReportResult.Waste;
import dev.zerofail.runs.cause.CauseClassifier;
import dev.zerofail.runs.cause.Classification;
import dev.zerofail.runs.cause.FailedJob;
import dev.zerofail.runs.cause.StepOutcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Computes {@link RunsReportResult} from the stored runs and jobs. */
public final class RunsReport {
    public enum By { WORKFLOW, WEEK, CAUSE, BRANCH }

    static final int TOP_JOBS = 20;
    static final int TOP_WASTE = 5;
    static final int EXAMPLES = 3;
    static final String NOT_FAILED = "(not failed)";

    private final RunStore store;
    private final Prices prices;
    private final CauseClassifier classifier;

    public RunsReport(RunStore store, Prices prices, CauseClassifier classifier) {
        this.store = store;
        this.prices = prices;
        this.classifier = classifier;
    }

    public record Query(String repo, Instant since, By by) {
    }

    /** Counts and minutes by SKU, added up per group. */
    /** Label lists repeat (a few runner kinds for 100,000s of jobs): the SKU is worked out once per list. */
    private static final class Skus {
        private final Map<List<String>, String> cache = new HashMap<>();

        String of(CiJob j) {
            return cache.computeIfAbsent(j.labels(), Prices::sku);
        }
    }

    private final Skus skus = new Skus();

    final class Acc {
        int runs;
        int completed;
        int succeeded;
        int failed;
        int cancelled;
        int skipped;
        int reRuns;
        int jobs;
        long jobMs;
        final Map<String, Long> billable = new TreeMap<>();
        final Map<String, Long> failedBillable = new TreeMap<>();
        final Map<String, Long> billedJobs = new TreeMap<>();

        void run(CiRun r) {
            runs++;
            if (r.attempt() > 1) {
                reRuns++;
            }
            if (!r.completed()) {
                return;
            }
            completed++;
            String c = r.conclusion() == null ? "" : r.conclusion();
            if (c.equals("success")) {
                succeeded++;
            } else if (Outcomes.isFailure(c)) {
                failed++;
            } else if (c.equals("cancelled")) {
                cancelled++;
            } else if (c.equals("skipped")) {
                skipped++;
            }
        }

        void job(CiJob j, boolean runFailed) {
            jobs++;
            long ms = j.duration().toMillis();
            jobMs += ms;
            long minutes = billableMinutes(j);
            if (minutes > 0) {
                String sku = skus.of(j);
                billable.merge(sku, minutes, Long::sum);
                billedJobs.merge(sku, 1L, Long::sum);
                if (runFailed) {
                    failedBillable.merge(sku, minutes, Long::sum);
                }
            }
        }
    }

    /** Each job rounded up to the whole minute, as GitHub bills; a job that did not run costs nothing. */
    static long billableMinutes(CiJob j) {
        long ms = j.duration().toMillis();
        return ms <= 0 ? 0 : (ms + 59_999) / 60_000;
    }

    /** A run attempt's identity: a record, not a concatenated string (one per job was a tenth of a report). */
    private record Attempt(String repo, long runId, int attempt) {
        static Attempt of(CiRun r) {
            return new Attempt(r.repo(), r.runId(), r.attempt());
        }

        static Attempt of(CiJob j) {
            return new Attempt(j.repo(), j.runId(), j.attempt());
        }
    }

    public RunsReportResult run(Query q, String database) {
        List<CiRun> runs = store.runs(q.repo(), q.since());
        List<CiJob> jobs = store.jobs(q.repo(), q.since());
        Map<Attempt, List<CiJob>> jobsOf = new HashMap<>(runs.size() * 2);
        for (CiJob j : jobs) {
            jobsOf.computeIfAbsent(Attempt.of(j), k -> new ArrayList<>(4)).add(j);
        }

        Map<Attempt, Classification> causeOfRun = new HashMap<>();
        List<CauseCount> causes = causes(runs, jobsOf, causeOfRun);

        Acc total = new Acc();
        Map<String, Acc> groups = new TreeMap<>();
        Map<String, Acc> perWorkflow = new TreeMap<>();
        Map<String, JobAcc> perJob = new HashMap<>();
        int unpriced = 0;
        for (CiRun r : runs) {
            Attempt key = Attempt.of(r);
            List<Acc> accs = new ArrayList<>(3);
            accs.add(total);
            accs.add(perWorkflow.computeIfAbsent(r.workflow(), k -> new Acc()));
            if (q.by() != null) {
                accs.add(groups.computeIfAbsent(groupKey(q.by(), r, causeOfRun.get(key)), k -> new Acc()));
            }
            boolean failed = r.completed() && Outcomes.isFailure(r.conclusion());
            for (Acc a : accs) {
                a.run(r);
            }
            for (CiJob j : jobsOf.getOrDefault(key, List.of())) {
                for (Acc a : accs) {
                    a.job(j, failed);
                }
                perJob.computeIfAbsent(r.workflow() + "\u0000" + j.name(), k -> new JobAcc(r.workflow(), j.name())).add(j);
                if (billableMinutes(j) > 0 && !prices.known(skus.of(j))) {
                    unpriced++;
                }
            }
        }
        Instant first = runs.isEmpty() ? null : runs.get(0).createdAt();
        Instant last = runs.isEmpty() ? null : runs.get(runs.size() - 1).createdAt();
        return new RunsReportResult(database, q.repo(), q.since(), first, last,
                q.by() == null ? null : q.by().name().toLowerCase(Locale.ROOT), "USD", figures(total),
                groups.entrySet().stream().map(e -> new Group(e.getKey(), figures(e.getValue()))).toList(),
                billing(total), jobTimes(perJob), flaky(runs), causes, waste(perWorkflow), pushToDeploy(runs, q.since()),
                unpriced);
    }

    /**
     * The report over a history database that does not exist yet (nothing imported): zero runs, not an
     * error, as stats is for deploys. No store is opened, so nothing is created on disk.
     */
    public static RunsReportResult nothingImported(Prices prices, Query q, String database, String reason) {
        RunsReport report = new RunsReport(null, prices, null);
        Acc none = report.new Acc();
        return new RunsReportResult(database, q.repo(), q.since(), null, null,
                q.by() == null ? null : q.by().name().toLowerCase(Locale.ROOT), "USD", report.figures(none), List.of(),
                report.billing(none), List.of(), List.of(), List.of(), List.of(), new PushToDeploy(0, 0, null, null, reason),
                0);
    }

    private static String groupKey(By by, CiRun r, Classification cause) {
        return switch (by) {
            case WORKFLOW -> r.workflow();
            case BRANCH -> r.branch() == null ? "(none)" : r.branch();
            case WEEK -> r.createdAt().atZone(ZoneOffset.UTC).toLocalDate()
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case CAUSE -> cause == null ? NOT_FAILED : cause.cause().name().toLowerCase(Locale.ROOT);
        };
    }

    Figures figures(Acc a) {
        long billable = a.billable.values().stream().mapToLong(Long::longValue).sum();
        long failedBillable = a.failedBillable.values().stream().mapToLong(Long::longValue).sum();
        return new Figures(a.runs, a.completed, a.succeeded, a.failed, a.cancelled, a.skipped, a.reRuns,
                rate(a.succeeded, a.completed), rate(a.failed, a.completed), rate(a.cancelled, a.completed),
                rate(a.skipped, a.completed), a.jobs, a.jobMs, billable, cost(a.billable), failedBillable,
                cost(a.failedBillable));
    }

    private BigDecimal cost(Map<String, Long> minutesBySku) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, Long> e : minutesBySku.entrySet()) {
            sum = sum.add(prices.price(e.getKey()).multiply(BigDecimal.valueOf(e.getValue())));
        }
        return money(sum);
    }

    /** Cents, rounded half up: the figures are sums of exact products, shown as a bill would. */
    static BigDecimal money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    /** Four decimals: 0.8333. */
    static Double rate(int n, int of) {
        return of == 0 ? null : Math.round(10_000.0 * n / of) / 10_000.0;
    }

    private List<RunsReportResult.Billing> billing(Acc total) {
        Map<String, Long> jobsBySku = total.billedJobs;
        List<RunsReportResult.Billing> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : total.billable.entrySet()) {
            BigDecimal price = prices.price(e.getKey());
            out.add(new RunsReportResult.Billing(e.getKey(), jobsBySku.getOrDefault(e.getKey(), 0L), e.getValue(), price,
                    money(price.multiply(BigDecimal.valueOf(e.getValue())))));
        }
        out.sort(Comparator.comparing(RunsReportResult.Billing::cost).reversed()
                .thenComparing(RunsReportResult.Billing::runner));
        return out;
    }

    private final class JobAcc {
        final String workflow;
        final String name;
        int runs;
        long ms;
        final Map<String, Long> billable = new TreeMap<>();

        JobAcc(String workflow, String name) {
            this.workflow = workflow;
            this.name = name;
        }

        void add(CiJob j) {
            runs++;
            ms += j.duration().toMillis();
            long m = billableMinutes(j);
            if (m > 0) {
                billable.merge(skus.of(j), m, Long::sum);
            }
        }

        JobTime result() {
            return new JobTime(workflow, name, runs, ms, runs == 0 ? 0 : ms / runs,
                    billable.values().stream().mapToLong(Long::longValue).sum(), cost(billable));
        }
    }

    private static List<JobTime> jobTimes(Map<String, JobAcc> perJob) {
        return perJob.values().stream().map(JobAcc::result)
                .sorted(Comparator.comparingLong(JobTime::billableMinutes).reversed().thenComparing(JobTime::workflow)
                        .thenComparing(JobTime::job))
                .limit(TOP_JOBS).toList();
    }

    /**
     * Per workflow and commit, in time order: a failure followed by a success is one flaky commit.
     * The re-runs counted are the runs after the first failure up to that success.
     */
    static List<Flaky> flaky(List<CiRun> runs) {
        Map<String, List<CiRun>> byCommit = new LinkedHashMap<>();
        for (CiRun r : runs) {
            if (r.headSha() != null && r.completed()) {
                byCommit.computeIfAbsent(r.repo() + "\u0000" + r.workflow() + "\u0000" + r.headSha(),
                        k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, String> example = new HashMap<>();
        for (List<CiRun> attempts : byCommit.values()) {
            attempts.sort(Comparator.comparing(CiRun::createdAt).thenComparingLong(CiRun::runId)
                    .thenComparingInt(CiRun::attempt));
            int firstFailure = -1;
            for (int i = 0; i < attempts.size(); i++) {
                CiRun r = attempts.get(i);
                if (firstFailure < 0 && Outcomes.isFailure(r.conclusion())) {
                    firstFailure = i;
                } else if (firstFailure >= 0 && "success".equals(r.conclusion())) {
                    int[] c = counts.computeIfAbsent(r.workflow(), k -> new int[2]);
                    c[0]++;
                    c[1] += i - firstFailure;
                    example.putIfAbsent(r.workflow(), r.url());
                    break;
                }
            }
        }
        return counts.entrySet().stream().map(e -> new Flaky(e.getKey(), e.getValue()[0], e.getValue()[1],
                example.get(e.getKey()))).sorted(Comparator.comparingInt(Flaky::commits).reversed()
                        .thenComparing(Flaky::workflow)).toList();
    }

    /**
     * Every failed job of a failed run is classified; a failed run without a failed job (a startup
     * failure has none) is classified from the run's conclusion. A run's own cause, for --by cause,
     * is its first failed job's.
     */
    private List<CauseCount> causes(List<CiRun> runs, Map<Attempt, List<CiJob>> jobsOf, Map<Attempt, Classification> causeOfRun) {
        Map<String, List<Long>> failedJobIds = new HashMap<>();
        for (CiRun r : runs) {
            if (r.completed() && Outcomes.isFailure(r.conclusion())) {
                for (CiJob j : jobsOf.getOrDefault(Attempt.of(r), List.of())) {
                    if (Outcomes.isFailure(j.conclusion())) {
                        failedJobIds.computeIfAbsent(r.repo(), k -> new ArrayList<>()).add(j.jobId());
                    }
                }
            }
        }
        Map<String, Map<Long, List<String>>> logs = new HashMap<>();
        failedJobIds.forEach((repo, ids) -> logs.put(repo, store.logs(repo, ids)));
        Map<String, int[]> counts = new HashMap<>();
        Map<String, List<Example>> examples = new HashMap<>();
        // the same job failing the same way (name, conclusion, steps, kept log lines) is classified once
        Map<FailedJob, Classification> seen = new HashMap<>();
        int all = 0;
        for (CiRun r : runs) {
            if (!r.completed() || !Outcomes.isFailure(r.conclusion())) {
                continue;
            }
            Attempt key = Attempt.of(r);
            List<CiJob> failedJobs = jobsOf.getOrDefault(key, List.of()).stream()
                    .filter(j -> Outcomes.isFailure(j.conclusion())).toList();
            List<Map.Entry<FailedJob, String>> inputs = new ArrayList<>();
            if (failedJobs.isEmpty()) {
                inputs.add(Map.entry(new FailedJob(r.workflow(), r.workflow(), r.conclusion(), List.of(), List.of()),
                        r.url() == null ? "" : r.url()));
            }
            for (CiJob j : failedJobs) {
                List<StepOutcome> steps = j.steps().stream().map(s -> new StepOutcome(s.name(), s.conclusion())).toList();
                List<String> lines = logs.getOrDefault(r.repo(), Map.of()).getOrDefault(j.jobId(), List.of());
                inputs.add(Map.entry(new FailedJob(r.workflow(), j.name(), j.conclusion(), steps, lines),
                        j.url() != null ? j.url() : r.url() == null ? "" : r.url()));
            }
            for (Map.Entry<FailedJob, String> in : inputs) {
                Classification c = seen.computeIfAbsent(in.getKey(), classifier::classify);
                causeOfRun.putIfAbsent(key, c);
                String name = c.cause().name().toLowerCase(Locale.ROOT);
                counts.computeIfAbsent(name, k -> new int[1])[0]++;
                all++;
                List<Example> ex = examples.computeIfAbsent(name, k -> new ArrayList<>());
                if (ex.size() < EXAMPLES) {
                    ex.add(new Example(in.getValue().isEmpty() ? null : in.getValue(), in.getKey().workflow(),
                            in.getKey().jobName(), c.ruleId(), c.evidence()));
                }
            }
        }
        int n = all;
        Function<String, String> fixOf = name -> dev.zerofail.runs.cause.Cause.valueOf(name.toUpperCase(Locale.ROOT)).fix();
        return counts.entrySet().stream()
                .map(e -> new CauseCount(e.getKey(), e.getValue()[0], rate(e.getValue()[0], n), fixOf.apply(e.getKey()),
                        examples.get(e.getKey())))
                .sorted(Comparator.comparingInt(CauseCount::jobs).reversed().thenComparing(CauseCount::cause)).toList();
    }

    private List<Waste> waste(Map<String, Acc> perWorkflow) {
        return perWorkflow.entrySet().stream().map(e -> {
            Figures f = figures(e.getValue());
            return new Waste(e.getKey(), f.runs(), f.failed(), f.failureRate(), f.failedBillableMinutes(), f.failedCost(),
                    f.cost());
        }).filter(w -> w.failed() > 0)
                .sorted(Comparator.comparing(Waste::failedCost).reversed()
                        .thenComparing(Comparator.comparingLong(Waste::failedBillableMinutes).reversed())
                        .thenComparing(Waste::workflow))
                .limit(TOP_WASTE).toList();
    }

    /**
     * For each successful deploy that records its commit: from the first push run of that commit (any
     * run of it when none was a push) to the deploy's end.
     */
    private PushToDeploy pushToDeploy(List<CiRun> runs, Instant since) {
        RunStore.DeployCommits deploys = store.deployCommits(since);
        if (deploys.deploys().isEmpty()) {
            return new PushToDeploy(0, 0, null, null, deploys.unavailableReason());
        }
        Map<String, Instant> firstPush = new HashMap<>();
        Map<String, Instant> firstAny = new HashMap<>();
        for (CiRun r : runs) {
            if (r.headSha() == null) {
                continue;
            }
            firstAny.merge(r.headSha(), r.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
            if ("push".equals(r.event())) {
                firstPush.merge(r.headSha(), r.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        List<Long> leads = new ArrayList<>();
        for (RunStore.DeployCommit d : deploys.deploys()) {
            Instant pushed = firstPush.getOrDefault(d.commitSha(), firstAny.get(d.commitSha()));
            if (pushed != null && !d.finishedAt().isBefore(pushed)) {
                leads.add(Duration.between(pushed, d.finishedAt()).toMillis());
            }
        }
        if (leads.isEmpty()) {
            return new PushToDeploy(deploys.deploys().size(), 0, null, null,
                    "no imported run is of a deployed commit (import the runs of the deploying workflow)");
        }
        leads.sort(null);
        int m = leads.size();
        long median = m % 2 == 1 ? leads.get(m / 2) : (leads.get(m / 2 - 1) + leads.get(m / 2)) / 2;
        long mean = Math.round(leads.stream().mapToLong(Long::longValue).average().orElse(0));
        return new PushToDeploy(deploys.deploys().size(), m, median, mean, null);
    }
}
