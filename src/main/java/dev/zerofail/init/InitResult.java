package dev.zerofail.init;

import dev.zerofail.core.Result;
import java.util.List;

/**
 * The result of {@code zerofail init} (docs/schemas/init.schema.json): what the written
 * {@code zerofail.yaml} holds, in facts. Paths are relative to the repository root.
 *
 * @param file         the configuration file written
 * @param replaced     an existing file was replaced ({@code --force})
 * @param interactive  the answers came from a person at a terminal, not the defaults
 * @param environments one per environment written under {@code environments:}
 * @param unusedCompose compose files no environment uses (local, test and add-on files)
 * @param secrets      the imported manifest
 * @param history      the history store URL written under {@code history.url}
 */
public record InitResult(String file, boolean replaced, boolean interactive, List<Environment> environments,
        List<String> unusedCompose, Secrets secrets, String history) implements Result {
    public InitResult {
        environments = List.copyOf(environments);
        unusedCompose = List.copyOf(unusedCompose);
    }

    /**
     * @param compose  the compose files, in the order they are merged (a base file, then the environment's)
     * @param services the services of the merged files; empty when they could not be read (see the warnings)
     */
    public record Environment(String name, String stack, List<String> compose, List<Service> services) {
        public Environment {
            compose = List.copyOf(compose);
            services = List.copyOf(services);
        }
    }

    /**
     * @param containerHealthcheck the compose file gives the service a healthcheck, which gates each new task
     * @param http                 HTTP checks written (from the healthcheck's URL and the port that publishes it)
     * @param published            host ports the service publishes (numbers only; ranges and variables left out)
     * @param timeoutMs            {@code health.timeout} written
     */
    public record Service(String name, boolean containerHealthcheck, List<String> http, List<Integer> published,
            long timeoutMs) {
        public Service {
            http = List.copyOf(http);
            published = List.copyOf(published);
        }
    }

    /** @param entries manifest entries written; @param sources the files (and workflow folder) they were imported from */
    public record Secrets(int entries, List<String> sources) {
        public Secrets {
            sources = List.copyOf(sources);
        }
    }
}
