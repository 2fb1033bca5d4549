package dev.zerofail.scan;

import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Severity;
import java.util.List;

/**
 * The {@code scan:} section of zerofail.yaml:
 * <pre>
 * scan:
 *   failOn: medium            # lowest severity that fails the run
 *   maxFileSize: 25MB
 *   exclude: ["legacy/**"]    # gitignore syntax
 *   disable: [placeholder-dummy]
 *   rules: [ {id: acme-token, kind: secret, keywords: [acme_], regex: 'acme_[a-z0-9]{32}'} ]
 *   gitleaksRules: .gitleaks.toml   # extra rules from a gitleaks configuration
 * </pre>
 */
public record ScanConfig(RuleSet rules, List<String> excludes, long maxFileSize, Severity failOn) {
    static final ConfigKeys KEYS = ConfigKeys.of("scan", "failOn", "maxFileSize", "exclude", "disable", "rules",
            "gitleaksRules");

    public static final Severity DEFAULT_FAIL_ON = Severity.MEDIUM;

    public ScanConfig {
        excludes = List.copyOf(excludes);
    }

    public static ScanConfig from(ConfigNode section) {
        section.requireKeys(KEYS);
        return new ScanConfig(RuleSet.load(section),
                section.get("exclude").map(ConfigNode::strings).orElse(List.of()),
                section.get("maxFileSize").map(ConfigNode::bytes).orElse(ScanOptions.DEFAULT_MAX_FILE_SIZE),
                section.get("failOn").map(n -> Severity.parse(n.string(), n.where())).orElse(DEFAULT_FAIL_ON));
    }
}
