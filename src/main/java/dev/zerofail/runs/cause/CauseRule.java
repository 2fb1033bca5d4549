package dev.zerofail.runs.cause;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of causes.yaml. It applies when every condition it sets holds: the job's conclusion is one
 * of {@code conclusions}, the job name matches {@code job}, a failed step's name matches {@code step},
 * a log line holding one of {@code keywords} matches one of {@code log}, and no line matches
 * {@code unless}. Among the rules that apply, the highest precedence wins, then the earlier rule.
 */
record CauseRule(String id, Cause cause, int precedence, String fix, Set<String> conclusions, Pattern job,
        Pattern step, List<Pattern> log, List<String> keywords, List<Pattern> unless,
        List<FailedJob> matchExamples, List<FailedJob> noMatchExamples) {
    CauseRule {
        conclusions = Set.copyOf(conclusions);
        log = List.copyOf(log);
        keywords = List.copyOf(keywords);
        unless = List.copyOf(unless);
        matchExamples = List.copyOf(matchExamples);
        noMatchExamples = List.copyOf(noMatchExamples);
    }

    boolean needsLog() {
        return !log.isEmpty();
    }

    String effectiveFix() {
        return fix != null ? fix : cause.fix();
    }
}
