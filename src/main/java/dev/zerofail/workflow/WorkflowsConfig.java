package dev.zerofail.workflow;

import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code workflows:} section of zerofail.yaml:
 * <pre>
 * workflows:
 *   core: [production, staging, secrets, quality, emergency]   # the default: five
 * </pre>
 * A team without a staging environment drops {@code staging}; its deploys then go to production.
 * The secret scan runs in the quality gate, so the default set meets the definition of done's "5 or
 * fewer workflows"; a team that wants it apart adds {@code security} (a sixth workflow).
 */
public record WorkflowsConfig(List<String> core) {
    static final ConfigKeys KEYS = ConfigKeys.of("workflows", "core");

    /** Core workflow name → generated file. */
    public static final Map<String, String> FILES = fileNames();

    public WorkflowsConfig {
        core = List.copyOf(core);
    }

    private static Map<String, String> fileNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("production", Planner.PRODUCTION);
        m.put("staging", Planner.STAGING);
        m.put("secrets", Planner.SECRETS);
        m.put("quality", Planner.QUALITY);
        m.put("security", Planner.SECURITY);
        m.put("emergency", Planner.EMERGENCY);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static WorkflowsConfig defaults() {
        return new WorkflowsConfig(FILES.keySet().stream().filter(c -> !c.equals("security")).toList());
    }

    public static WorkflowsConfig from(ConfigNode section) {
        section.requireKeys(KEYS);
        if (section.get("core").isEmpty()) {
            return defaults();
        }
        List<ConfigNode> items = section.get("core").get().items();
        for (ConfigNode n : items) {
            if (!FILES.containsKey(n.string())) {
                throw n.error("unknown core workflow '" + n.string() + "'", "use some of " + FILES.keySet());
            }
        }
        if (items.stream().noneMatch(n -> n.string().equals("production"))) {
            throw section.get("core").get().error("the core set needs 'production'",
                    "keep production: deploys that have nowhere else to go land there");
        }
        return new WorkflowsConfig(items.stream().map(ConfigNode::string).distinct().toList());
    }

    List<String> coreFiles() {
        return core.stream().map(FILES::get).toList();
    }
}
