package dev.zerofail.audit;

import dev.zerofail.core.Scorecard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The docs section: a README (any case, any extension) at the root, and a runbook: audit.runbook when
 * set, else docs/runbook*.md or RUNBOOK* at the root. A file holding only white space counts as absent.
 */
public final class DocsAudit {
    private static final Pattern README = Pattern.compile("(?i)readme(\\.[a-z0-9]+)*");
    private static final Pattern ROOT_RUNBOOK = Pattern.compile("(?i)runbook([-_.].*)?");
    private static final Pattern DOCS_RUNBOOK = Pattern.compile("(?i)runbook.*\\.md");

    private DocsAudit() {
    }

    /**
     * @param readme       the README found, relative to the repository; null when there is none
     * @param readmeEmpty  it holds nothing but white space
     * @param runbook      the runbook found (or the configured path when it exists); null when there is none
     * @param runbookEmpty it holds nothing but white space
     * @param runbookPath  audit.runbook, when set
     */
    public record DocsFigures(String readme, boolean readmeEmpty, String runbook, boolean runbookEmpty,
            String runbookPath) {
    }

    public static DocsFigures measure(Path dir, AuditConfig cfg) {
        Optional<Path> readme = first(dir, README);
        Optional<Path> runbook;
        if (cfg.runbook() != null) {
            Path p = dir.resolve(cfg.runbook()).normalize();
            runbook = p.startsWith(dir.normalize()) && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        } else {
            runbook = first(dir.resolve("docs"), DOCS_RUNBOOK).or(() -> first(dir, ROOT_RUNBOOK));
        }
        return new DocsFigures(readme.map(p -> rel(dir, p)).orElse(null), readme.map(DocsAudit::blank).orElse(false),
                runbook.map(p -> rel(dir, p)).orElse(null), runbook.map(DocsAudit::blank).orElse(false), cfg.runbook());
    }

    /** Definition of done for documentation: a newcomer finds what this is, and the on-call finds what to do. */
    public static Scorecard.Section section(DocsFigures f) {
        Scorecard.Check readme = new Scorecard.Check("docs.readme", "A README says what the repository is and how to run it",
                f.readme() != null && !f.readmeEmpty(),
                f.readme() == null ? "no README at the root" : f.readme() + (f.readmeEmpty() ? " is empty" : ""),
                "add README.md: what the services are, how to run them locally, how they are deployed (zerofail deploy)");
        String where = f.runbookPath() != null ? f.runbookPath() + " (audit.runbook)" : "docs/runbook*.md or RUNBOOK*";
        Scorecard.Check runbook = new Scorecard.Check("docs.runbook",
                "A runbook says what to do when a deploy fails or an alert fires", f.runbook() != null && !f.runbookEmpty(),
                f.runbook() == null ? "no runbook at " + where : f.runbook() + (f.runbookEmpty() ? " is empty" : ""),
                "add " + (f.runbookPath() != null ? f.runbookPath() : "docs/runbook.md")
                        + ": how to deploy and roll back (zerofail deploy, zerofail rollback), what each alert means,"
                        + " who to call; the alert rules of zerofail dashboards export link to its sections");
        return new Scorecard.Section("Documentation (docs)", List.of(readme, runbook));
    }

    private static Optional<Path> first(Path dir, Pattern name) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            // README.md before readme.txt: the upper-case name sorts first, as GitHub shows it
            return files.filter(Files::isRegularFile).filter(p -> name.matcher(p.getFileName().toString()).matches())
                    .sorted().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean blank(Path p) {
        try {
            return Files.size(p) < 1_000_000 && Files.readString(p).isBlank();
        } catch (IOException | RuntimeException e) {
            // not UTF-8 text (a README.pdf): something is there
            return false;
        }
    }

    private static String rel(Path dir, Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }
}
