package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** {@link Classifier#eachFallback} tries the fallback pattern only where it can start: same matches as find(). */
class FallbackMatchTest {
    private static final String[] PARTS = {"process.env.DB_PASSWORD", "import.meta.env.API_TOKEN", "env.SECRET",
        "ENV.TOKEN", "myenv.TOKEN", "_env.KEY", "os.environ.get(\"API_KEY\")", "getenv('DB_PASS')", "ENV[\"X\"]",
        " || ", " ?? ", " ?: ", " or ", "or", ".orElse(", ".unwrap_or(", "{ ", ",", ")", "]", " ", "\"changeme\"",
        "'x'", "`tpl`", "b\"raw\"", "\"\"", "é", "ü", "x", "process.", "env", "\"", "'", "(", "cmp.Or(", "\n"};

    @Test
    void sameMatchesAsFindOnRandomLines() {
        Random rnd = new Random(20261202);
        int matched = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = 1 + rnd.nextInt(14); k > 0; k--) {
                b.append(PARTS[rnd.nextInt(PARTS.length)]);
            }
            String line = b.toString();
            int from = rnd.nextInt(3) == 0 ? rnd.nextInt(line.length() + 1) : 0;
            int to = rnd.nextInt(3) == 0 ? from + rnd.nextInt(line.length() - from + 1) : line.length();
            List<String> fast = new ArrayList<>();
            Classifier.eachFallback(line, from, to, m -> fast.add(describe(m)));
            List<String> slow = new ArrayList<>();
            Matcher m = Classifier.fallbackFinder(line, from, to);
            while (m.find()) {
                slow.add(describe(m));
            }
            assertThat(fast).as("line %s, region [%d, %d)", line, from, to).isEqualTo(slow);
            matched += slow.isEmpty() ? 0 : 1;
        }
        assertThat(matched).as("lines with a fallback (the generator must produce some)").isGreaterThan(500);
    }

    @Test
    void wordBoundaryAtTheWindowStartIsTheWindowsNotTheLines() {
        // find() on a region sees no character before it: "xENV.KEY || 'd'" from 1 matches, from 0 it does not
        String line = "xENV.KEY || 'd'";
        List<String> from1 = new ArrayList<>();
        Classifier.eachFallback(line, 1, line.length(), m -> from1.add(m.group(3)));
        List<String> from0 = new ArrayList<>();
        Classifier.eachFallback(line, 0, line.length(), m -> from0.add(m.group(3)));
        assertThat(from1).containsExactly("KEY");
        assertThat(from0).isEmpty();
    }

    private static String describe(Matcher m) {
        StringBuilder s = new StringBuilder(m.start() + "-" + m.end());
        for (int g = 1; g <= m.groupCount(); g++) {
            s.append('|').append(m.group(g));
        }
        return s.toString();
    }
}
