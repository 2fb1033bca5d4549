package dev.zerofail;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place that decides whether tests run under CI, and what a missing service, tool or
 * corpus means: locally a skip (a JUnit assumption, so a developer without Docker can still run
 * the suite), under CI a failure, so a CI run can never pass by skipping. scripts/services and
 * scripts/test read {@code CI} the same way (docs/testing.md).
 */
public final class TestEnv {
    private TestEnv() {
    }

    /** True when the environment variable {@code CI} says so. */
    public static boolean ci() {
        return isCi(System.getenv("CI"));
    }

    /** {@code true}, {@code 1} or {@code yes}, in any case and ignoring surrounding blanks; anything else is not CI. */
    static boolean isCi(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            default -> false;
        };
    }

    /**
     * Goes on when {@code available}; otherwise skips the test locally and fails it under CI, with a
     * message naming what is missing ({@code missing}) and how to provide it ({@code remedy}).
     */
    public static void require(boolean available, String missing, String remedy) {
        if (available) {
            return;
        }
        String msg = missing + ": " + remedy;
        if (ci()) {
            fail(msg + " (CI=" + System.getenv("CI") + ": a missing prerequisite fails the build instead of skipping)");
        }
        assumeTrue(false, msg + " (skipped; under CI this fails)");
    }

    /** The value of an environment variable that a test needs, as {@link #require} treats a missing one. */
    public static String requireEnv(String variable, String what, String remedy) {
        String value = System.getenv(variable);
        boolean set = value != null && !value.isBlank();
        require(set, what + " is not available (" + variable + " unset)", remedy);
        return value;
    }

    /**
     * The shared corpus of real workflows and compose files ({@code ../shared/corpus} beside the
     * repository, or {@code -Dzerofail.corpus} / {@code ZEROFAIL_CORPUS}). A missing corpus skips the test, under CI
     * too: it is not the project's and no script can install it (a clone elsewhere has none).
     */
    public static Path sharedCorpus() {
        Path root = sharedCorpusPath();
        assumeTrue(Files.isDirectory(root), "the shared corpus " + root.toAbsolutePath().normalize()
                + " is not present: put the corpus of real workflows and compose files next to the repository"
                + " (../shared/corpus) to run this test");
        return root;
    }

    /** Where the shared corpus is looked for, present or not (for tests that only take extra inputs from it). */
    public static Path sharedCorpusPath() {
        String prop = System.getProperty("zerofail.corpus");
        String env = System.getenv("ZEROFAIL_CORPUS");
        return Path.of(prop != null && !prop.isBlank() ? prop : env != null && !env.isBlank() ? env : "../shared/corpus");
    }
}
