package dev.zerofail.metrics;

import dev.zerofail.compose.ComposeLoader;
import dev.zerofail.deploy.DeployConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One configured service of one environment: the label values whose series start at 0. */
public record Scope(String environment, String stack, String service) {

    /**
     * Every environment's services: those its compose file defines plus those it configures. A
     * compose file that cannot be read leaves the configured ones (the metrics still come from the
     * store; only the series at 0 are missing).
     */
    public static List<Scope> of(DeployConfig config) {
        return of(config.environments().values());
    }

    public static List<Scope> of(java.util.Collection<DeployConfig.Environment> environments) {
        List<Scope> out = new ArrayList<>();
        for (DeployConfig.Environment env : environments) {
            Set<String> services = new LinkedHashSet<>();
            try {
                Object s = ComposeLoader.load(env.compose(), ComposeLoader.Options.raw()).model().get("services");
                if (s instanceof Map<?, ?> m) {
                    m.keySet().forEach(k -> services.add(String.valueOf(k)));
                }
            } catch (RuntimeException e) {
                // the configured services below still get their series
            }
            services.addAll(env.services().keySet());
            services.forEach(svc -> out.add(new Scope(env.name(), env.stack(), svc)));
        }
        return List.copyOf(out);
    }
}
