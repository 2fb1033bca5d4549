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

    public long checksTotal() {
        return sections.stream().mapToLong(s -> s.checks().size()).sum();
    }

    public record Section(String name, List<Check> checks) {
        public Section {
            checks = List.copyOf(checks);
        }

        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }
    }

    /** One line of the definition of done, with the measured detail and what to run to fix it. */
    public record Check(String id, String description, boolean passed, String detail, String fix) {
    }
}
