package dev.zerofail.runs.cause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ZerofailException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CauseClassifierTest {
    private static final CauseClassifier BUILT_IN = CauseClassifier.builtIn();

    private static FailedJob job(String conclusion, List<StepOutcome> steps, String... log) {
        return new FailedJob("ci", "build", conclusion, steps, Arrays.asList(log));
    }

    private static CauseClassifier rules(String yaml) {
        return new CauseClassifier(CauseRules.parse("test.yaml", yaml));
    }

    @Test
    void noEvidenceMeansUnknownNotAGuess() {
        Classification c = BUILT_IN.classify(job("failure", List.of(new StepOutcome("Build", "failure")),
                "Error: Process completed with exit code 1."));
        assertThat(c.cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(c.ruleId()).isEqualTo(Classification.UNKNOWN_RULE);
        assertThat(c.evidence()).isNull();
        assertThat(c.fix()).isNull();
    }

    @Test
    void toleratesMissingPieces() {
        assertThat(BUILT_IN.classify(new FailedJob(null, null, null, null, null)).cause()).isEqualTo(Cause.UNKNOWN);
        List<StepOutcome> steps = new ArrayList<>();
        steps.add(new StepOutcome(null, null));
        steps.add(new StepOutcome("Run tests", null));
        assertThat(BUILT_IN.classify(new FailedJob("ci", "deploy", "failure", steps,
                List.of("Host key verification failed."))).cause()).isEqualTo(Cause.SSH);
        assertThat(BUILT_IN.classify(new FailedJob("ci", "deploy", "failure", steps, List.of())).cause())
                .isEqualTo(Cause.UNKNOWN);
    }

    @Test
    void higherPrecedenceWinsWhateverTheLineOrder() {
        // the OOM kill explains the failing test run, so the runner cause outranks the test summary
        FailedJob j = job("failure", List.of(new StepOutcome("Run tests", "failure")),
                "=========== 1 failed, 20 passed in 3.10s ===========",
                "Error: Process completed with exit code 137.");
        Classification c = BUILT_IN.classify(j);
        assertThat(c.cause()).isEqualTo(Cause.RUNNER);
        assertThat(c.ruleId()).isEqualTo("out-of-memory");
        assertThat(c.evidence()).isEqualTo("Error: Process completed with exit code 137.");
    }

    @Test
    void aFailedStepNameIsWeakEvidenceThatALogLineOverrides() {
        List<StepOutcome> steps = List.of(new StepOutcome("Checkout", "success"), new StepOutcome("Run tests", "failure"));
        Classification byStep = BUILT_IN.classify(job("failure", steps, "Error: Process completed with exit code 1."));
        assertThat(byStep.cause()).isEqualTo(Cause.TEST_FAILURE);
        assertThat(byStep.evidence()).isEqualTo("step: Run tests");
        Classification byLog = BUILT_IN.classify(job("failure", steps, "npm ERR! code ERESOLVE"));
        assertThat(byLog.cause()).isEqualTo(Cause.DEPENDENCY_INSTALL);
        // a step that succeeded or was skipped is no evidence
        assertThat(BUILT_IN.classify(job("failure", List.of(new StepOutcome("Run tests", "skipped")))).cause())
                .isEqualTo(Cause.UNKNOWN);
    }

    @Test
    void conclusionsThatSayItAll() {
        assertThat(BUILT_IN.classify(job("timed_out", List.of())).cause()).isEqualTo(Cause.TIMEOUT);
        assertThat(BUILT_IN.classify(job("cancelled", List.of(), "npm ERR! code ERESOLVE")).cause())
                .isEqualTo(Cause.CANCELLED);
        Classification startup = BUILT_IN.classify(job("startup_failure", List.of()));
        assertThat(startup.cause()).isEqualTo(Cause.RUNNER);
        assertThat(startup.evidence()).isEqualTo("conclusion: startup_failure");
        assertThat(BUILT_IN.classify(job("FAILURE", List.of(), "Error: The operation was canceled.")).cause())
                .isEqualTo(Cause.UNKNOWN);
    }

    @Test
    void evidenceDropsGithubsTimestampAndIsCut() {
        Classification c = BUILT_IN.classify(job("failure", List.of(),
                "2024-05-01T10:00:04.1234567Z ##[error]Host key verification failed."));
        assertThat(c.evidence()).isEqualTo("##[error]Host key verification failed.");
        String longLine = "Host key verification failed. " + "x".repeat(500);
        assertThat(BUILT_IN.classify(job("failure", List.of(), longLine)).evidence())
                .hasSize(CauseClassifier.MAX_EVIDENCE).endsWith("…");
    }

    @Test
    void patternsAnchoredAtLineStartReadTheLineBehindGithubsTimestamp() {
        CauseClassifier anchored = rules("""
                rules:
                  - id: go-fail
                    cause: test_failure
                    keywords: [fail]
                    log: ['^--- FAIL: ']
                """);
        for (String stamp : List.of("2024-05-01T10:00:04.1234567Z ", "2024-05-01T10:00:04Z ", "2024-05-01T10:00:04.1Z\t")) {
            Classification c = anchored.classify(job("failure", List.of(), stamp + "--- FAIL: TestRoutes (0.00s)"));
            assertThat(c.cause()).as(stamp).isEqualTo(Cause.TEST_FAILURE);
            assertThat(c.evidence()).isEqualTo("--- FAIL: TestRoutes (0.00s)");
        }
        // only GitHub's exact prefix is dropped: anything else before the text still keeps ^ from matching
        for (String other : List.of("2024-05-01 10:00:04 --- FAIL: TestRoutes", "2024-05-01T10:00:04.12 --- FAIL: TestRoutes",
                "x2024-05-01T10:00:04Z --- FAIL: TestRoutes", "    --- FAIL: TestRoutes")) {
            assertThat(anchored.classify(job("failure", List.of(), other)).cause()).as(other).isEqualTo(Cause.UNKNOWN);
        }
    }

    @Test
    void onlyTheHeadOfAVeryLongLineIsRead() {
        String head = "Host key verification failed. ";
        String blob = "error: see above ".repeat(60_000);
        assertThat(BUILT_IN.classify(job("failure", List.of(), head + blob)).cause()).isEqualTo(Cause.SSH);
        String tail = "x".repeat(CauseClassifier.MAX_LINE) + head;
        assertThat(BUILT_IN.classify(job("failure", List.of(), tail)).cause()).isEqualTo(Cause.UNKNOWN);
    }

    @Test
    void fixComesFromTheRuleOrElseTheCause() {
        Classification placeholder = BUILT_IN.classify(job("failure", List.of(),
                "Error: Invalid API key provided: your_api_key_here"));
        assertThat(placeholder.cause()).isEqualTo(Cause.SECRET);
        assertThat(placeholder.fix()).contains("zerofail scan");
        Classification missing = BUILT_IN.classify(job("failure", List.of(), "Error: Input required and not supplied: token"));
        assertThat(missing.fix()).isEqualTo(Cause.SECRET.fix()).contains("zerofail secrets check");
        assertThat(BUILT_IN.classify(job("failure", List.of(), "ssh: handshake failed: ssh: unable to authenticate"))
                .fix()).contains("zerofail workflows analyze");
        assertThat(BUILT_IN.classify(job("failure", List.of(), "npm ERR! code ERESOLVE")).fix()).isNull();
    }

    @Test
    void unlessVetoesARuleAndALowerOneDecides() {
        CauseClassifier c = rules("""
                rules:
                  - id: tests-generic
                    cause: test_failure
                    precedence: 30
                    keywords: [failed]
                    log: ['\\d+ failed']
                  - id: tests-oom
                    cause: runner
                    precedence: 60
                    keywords: [failed]
                    log: ['\\d+ failed']
                    unless: ['--no-oom-here']
                """);
        assertThat(c.classify(job("failure", List.of(), "3 failed")).ruleId()).isEqualTo("tests-oom");
        assertThat(c.classify(job("failure", List.of(), "3 failed", "--no-oom-here")).ruleId()).isEqualTo("tests-generic");
    }

    @Test
    void equalPrecedenceGoesToTheEarlierRule() {
        CauseClassifier c = rules("""
                rules:
                  - id: first
                    cause: lint
                    keywords: [boom]
                    log: ['boom']
                  - id: second
                    cause: test_failure
                    keywords: [boom]
                    log: ['boom']
                """);
        assertThat(c.classify(job("failure", List.of(), "boom")).ruleId()).isEqualTo("first");
    }

    @Test
    void jobAndConclusionNarrowARule() {
        CauseClassifier c = rules("""
                rules:
                  - id: deploy-job-step
                    cause: deploy_health
                    job: '^deploy'
                    conclusion: [failure]
                    step: 'verify'
                """);
        List<StepOutcome> steps = List.of(new StepOutcome("Verify rollout", "failure"));
        assertThat(c.classify(new FailedJob("cd", "deploy-prod", "failure", steps, List.of())).cause())
                .isEqualTo(Cause.DEPLOY_HEALTH);
        assertThat(c.classify(new FailedJob("cd", "build", "failure", steps, List.of())).cause()).isEqualTo(Cause.UNKNOWN);
        assertThat(c.classify(new FailedJob("cd", "deploy-prod", "cancelled", steps, List.of())).cause())
                .isEqualTo(Cause.UNKNOWN);
    }

    @Test
    void aRuleWithoutEvidenceIsRefusedWithItsLine() {
        assertThatThrownBy(() -> rules("""
                rules:
                  - id: ok
                    cause: lint
                    step: lint
                  - id: guess
                    cause: test_failure
                    job: test
                """)).isInstanceOf(ZerofailException.class)
                .satisfies(e -> assertThat(((ZerofailException) e).describe()).contains("test.yaml:5").contains("guess")
                        .contains("no evidence"));
    }

    @Test
    void badRulesAreRefusedWithWhereAndWhat() {
        assertThatThrownBy(() -> rules("rules:\n  - id: x\n    cause: weather\n    step: a\n"))
                .isInstanceOf(ZerofailException.class).hasMessageContaining("unknown cause 'weather'");
        assertThatThrownBy(() -> rules("rules:\n  - id: x\n    cause: unknown\n    step: a\n"))
                .isInstanceOf(ZerofailException.class).hasMessageContaining("cannot conclude unknown");
        assertThatThrownBy(() -> rules("rules:\n  - id: x\n    cause: lint\n    log: ['a']\n"))
                .isInstanceOf(ZerofailException.class).hasMessageContaining("no keywords");
        assertThatThrownBy(() -> rules("rules:\n  - id: x\n    cause: lint\n    keywords: [a]\n    log: ['(a']\n"))
                .isInstanceOf(ZerofailException.class).hasMessageContaining("invalid regex");
        assertThatThrownBy(() -> rules("rules:\n  - id: x\n    cause: lint\n    step: a\n  - id: x\n    cause: lint\n    step: b\n"))
                .isInstanceOf(ZerofailException.class).hasMessageContaining("duplicate rule id 'x'");
        assertThatThrownBy(() -> rules("rules:\n  - id: x\n    cause: lint\n    step: a\n    stepp: b\n"))
                .isInstanceOf(ZerofailException.class).hasMessageContaining("unknown key 'stepp'");
    }

    @Test
    void keywordMatcherFindsWhatANaiveSearchFinds() {
        List<List<String>> keywords = List.of(List.of("no space"), List.of("code 137", "killed"), List.of("ab", "bab"),
                List.of("Host Key"));
        KeywordMatcher m = new KeywordMatcher(keywords);
        Random rnd = new Random(42);
        String alphabet = "abKILLEDnospace 137Codehty";
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = rnd.nextInt(40); k > 0; k--) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            String line = i % 7 == 0 ? sb + "é Host key ✓" : sb.toString();
            boolean[] found = new boolean[keywords.size()];
            m.find(line, r -> found[r] = true);
            for (int r = 0; r < keywords.size(); r++) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                boolean expected = keywords.get(r).stream().anyMatch(k -> lower.contains(k.toLowerCase(java.util.Locale.ROOT)));
                assertThat(found[r]).as("rule %d in '%s'", r, line).isEqualTo(expected);
            }
        }
    }
}
