package dev.zerofail.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.scan.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogExcerptsTest {
    static final LogExcerpts EXCERPTS = new LogExcerpts(RuleSet.builtin());

    @Test
    void keepsTheLinesAroundEachFailureAndMarksTheGaps() {
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            log.append("2026-11-10T00:00:00.0000000Z line ").append(i).append(i == 50 ? " npm ERR! code E404" : "")
                    .append('\n');
        }
        List<String> lines = EXCERPTS.excerpt(log.toString());
        // 20 before, the failure, 5 after; no tail, since a failure line was found
        assertThat(lines).first().isEqualTo("line 30");
        assertThat(lines).contains("line 50 npm ERR! code E404", "line 55").doesNotContain("line 56", "line 29");
        assertThat(lines).hasSize(26);
    }

    @Test
    void withoutAFailureLineTheTailIsKept() {
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            log.append("step ").append(i).append('\n');
        }
        assertThat(EXCERPTS.excerpt(log.toString())).hasSize(LogExcerpts.TAIL).first().isEqualTo("step 61");
    }

    @Test
    void secretsTheScannerKnowsAreMaskedBeforeStorage() {
        String aws = "AKIAZ7QXPLM4RT2NV6KW";
        String pat = "ghp_R8x2Lq9ZkT4mW7pB3nV6yH1sD5fG0jA2eQ4c";
        String pw = "Xk29fLq7Rm4TzP8w";
        String log = String.join("\n",
                "Run aws configure set aws_access_key_id " + aws,
                "curl -H 'Authorization: token " + pat + "' https://api.github.com",
                "DB_PASSWORD=" + pw + " ./migrate",
                "Error: connect ECONNREFUSED redis://:" + pw + "@cache:6379",
                "##[error]Process completed with exit code 1.");
        String out = String.join("\n", EXCERPTS.excerpt(log));
        assertThat(out).doesNotContain(aws).doesNotContain(pat).doesNotContain(pw).doesNotContain("R8x2Lq9Z");
        assertThat(out).contains("DB_PASSWORD=").contains("redis://:").contains("##[error]Process completed");
    }

    @Test
    void maskAtReplacesExactlyTheValueWhenMaskAndTextAgree() {
        assertThat(LogExcerpts.maskAt("token=abcdefghijklmnopqrstu end", 7, "abcd…(21 chars)"))
                .isEqualTo("token=abcd…(21 chars) end");
        // a column that points at the key: the value is found after it
        assertThat(LogExcerpts.maskAt("token=abcdefghijklmnopqrstu end", 1, "abcd…(21 chars)"))
                .isEqualTo("token=abcd…(21 chars) end");
        // the mask does not fit: everything from the column goes
        assertThat(LogExcerpts.maskAt("key: short", 6, "…(30 chars)")).isEqualTo("key: …(30 chars)");
        assertThat(LogExcerpts.maskAt("x", 0, "…(9 chars)")).isEqualTo("[line masked: …(9 chars)]");
    }

    @Test
    void encodeAndDecodeRoundTrip() {
        List<String> lines = List.of("a", "", "ü ✓ line");
        String stored = LogExcerpts.encode(lines);
        assertThat(stored).doesNotContain("line");
        assertThat(LogExcerpts.decode(stored)).containsExactlyElementsOf(lines);
        assertThat(LogExcerpts.decode("not base64 gzip")).isEmpty();
    }
}
