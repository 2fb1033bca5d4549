package dev.zerofail.secrets;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import java.util.Optional;

/**
 * The few facts about the stores that the checklist and the set-up script print (ESC org, project
 * and environment; GitHub owner and repository). Read leniently: {@code secrets.stores} belongs to
 * sync and verify, which validate it.
 */
public record StoreHints(String escOrg, String escProject, String escEnvironment, String githubOwner, String githubRepo,
        String githubScope, String githubEnvironment, String swarmPrefix) {

    public static StoreHints none() {
        return new StoreHints(null, null, null, null, null, null, null, null);
    }

    public static StoreHints from(ZerofailConfig config) {
        try {
            Optional<ConfigNode> stores = config.section("secrets").get("stores");
            if (stores.isEmpty() || stores.get().isNull()) {
                return none();
            }
            ConfigNode s = stores.get();
            return new StoreHints(str(s, "esc", "org"), str(s, "esc", "project"), str(s, "esc", "environment"),
                    str(s, "github", "owner"), str(s, "github", "repo"), str(s, "github", "scope"),
                    str(s, "github", "environment"), str(s, "swarm", "prefix"));
        } catch (ZerofailException e) {
            return none();
        }
    }

    private static String str(ConfigNode stores, String store, String key) {
        return stores.get(store).flatMap(n -> n.isNull() ? Optional.empty() : n.get(key))
                .filter(ConfigNode::isScalar).map(ConfigNode::string).orElse(null);
    }

    /** {@code org/project/environment}, or null when the org is not known. */
    public String escEnvironmentRef(String environmentOverride) {
        String env = environmentOverride != null ? environmentOverride : escEnvironment;
        if (escOrg == null || env == null) {
            return null;
        }
        return escOrg + "/" + (escProject == null ? "default" : escProject) + "/" + env;
    }
}
