package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitleaksRulesTest {
    @TempDir
    Path dir;

    @Test
    void importsRulesTranslatingRe2AndSkipsWhatCannotRun() throws Exception {
        Files.copy(Path.of("src/test/resources/fixtures/scan/gitleaks/gitleaks.toml"), dir.resolve("gitleaks.toml"));
        Path cfg = dir.resolve("zerofail.yaml");
        Files.writeString(cfg, "scan:\n  gitleaksRules: gitleaks.toml\n");
        RuleSet rules = RuleSet.load(ConfigNode.load(cfg).get("scan").orElseThrow());
        assertThat(rules.find("gitleaks.acme-api-token")).isNotNull();
        assertThat(rules.warnings()).singleElement().asString().contains("1 gitleaks rule(s) imported")
                .contains("gitleaks.no-keywords").contains("gitleaks.java-cannot");

        List<Finding> found = new Detector(rules).detect("svc.env",
                "ACME_TOKEN=acme_Q8w7E6r5T4y3U2i1O9p8A7s6D5f4G3h2\n");
        assertThat(found).extracting(Finding::rule).contains("gitleaks.acme-api-token");
        assertThat(found).filteredOn(f -> f.rule().equals("gitleaks.acme-api-token")).singleElement()
                .satisfies(f -> assertThat(f.masked()).isEqualTo("acme…(37 chars)"));
    }

    @Test
    void translatesGoSyntax() {
        assertThat(GitleaksRules.translate("(?P<x>[[:alnum:]]+)")).isEqualTo("(?<x>[\\p{Alnum}]+)");
        assertThat(GitleaksRules.translate("a(?P<encoded_jwt>b)c(?P<y>d)")).isEqualTo("a(?<encodedjwt>b)c(?<y>d)");
    }
}
