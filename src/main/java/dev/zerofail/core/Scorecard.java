package dev.zerofail.core;

import java.util.List;

/** The audit's verdict: sections (one per capability), each a list of checks against the definition of done. */
public record Scorecard(List<Section> sections) {
    public Scorecard {
        sections = List.copyOf(sections);
    }

    public boolean passed() {
        return sections.stream().allMatch(Section::passed);
    }

    public long checksPassed() {
        return sections.stream().flatMap(s -> s.checks().stream()).filter(Check::passed).count();
    }

    /** Checks that could not be measured (no history, nothing imported): they neither pass nor fail the gate. */
    public long checksNotMeasured() {
        return sections.stream().flatMap(s -> s.checks().stream()).filter(c -> !c.wasMeasured()).count();
    }

    public long checksTotal() {
        return sections.stream().mapToLong(s -> s.checks().size()).sum();
    }

    public record Section(String name, List<Check> checks) {
        public Section {
            checks = List.copyOf(checks);
        }

        public boolean passed() {
            return checks.stream().allMatch(c -> c.passed() || !c.wasMeasured());
        }

        /** Nothing in it could be measured: shown as unknown, neither passed nor failed. */
        public boolean unmeasured() {
            return !checks.isEmpty() && checks.stream().noneMatch(Check::wasMeasured);
        }
    }

    /**
     * One line of the definition of done, with the measured detail and what to run to fix it.
     * {@code measured} is false when there was nothing to measure (detail says why, fix says what to
     * run); null means measured, so the JSON of a measured check is unchanged.
     */
    public record Check(String id, String description, boolean passed, String detail, String fix, Boolean measured) {
        public Check(String id, String description, boolean passed, String detail, String fix) {
            this(id, description, passed, detail, fix, null);
        }

        public static Check notMeasured(String id, String description, String why, String todo) {
            return new Check(id, description, false, "not measured: " + why, todo, false);
        }

        public boolean wasMeasured() {
            return measured == null || measured;
        }
    }
}
