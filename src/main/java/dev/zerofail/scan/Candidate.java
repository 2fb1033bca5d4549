package dev.zerofail.scan;

/**
 * A possible finding on a candidate line, before overlapping candidates are resolved (lowest priority wins).
 *
 * @param readDefault an empty default of an environment or config read, not an empty value written down
 */
record Candidate(Rule rule, int start, int end, String value, String key, int priority, boolean readDefault) {
    Candidate(Rule rule, int start, int end, String value, String key, int priority) {
        this(rule, start, end, value, key, priority, false);
    }
}
