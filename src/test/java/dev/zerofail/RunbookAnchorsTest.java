package dev.zerofail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The alert rules link to sections of docs/runbook.md by anchor; each must exist as GitHub renders headings. */
class RunbookAnchorsTest {
    static final List<String> ALERT_ANCHORS = List.of("deploy-rolled-back", "rollback-failed", "success-rate-below-95",
            "change-fail-rate-high", "deploy-stuck", "replicas-unhealthy", "no-successful-deploy", "serve-down",
            "placeholder-secrets");

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    @Test
    void everyAnchorTheAlertsLinkToIsAHeading() throws Exception {
        Set<String> anchors = Files.readAllLines(Path.of("docs/runbook.md")).stream().filter(l -> l.startsWith("#"))
                .map(l -> slug(l.replaceFirst("^#+", ""))).collect(Collectors.toSet());
        assertThat(slug("Success rate below 95%")).isEqualTo("success-rate-below-95");
        assertThat(anchors).containsAll(ALERT_ANCHORS);
    }
}
