package dev.zerofail.cli;

import dev.zerofail.secrets.StoresConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A repository with a secrets manifest, store settings pointing at a local server, and known values. */
final class SecretsFixture {
    static final String OPENAI = "sk-proj-Rq7vKp2mXw9sLt4nBc8dFh6jGz3yTa5uNe1oPi0kMlQwT3BlbkFJxV2bN8mC4zL6kQ9wE1rT7yU3iO5pA0sD";
    static final String DB_URL = "postgres://api:Hq3kZ9wLm2Px7Vb4@db.internal:5432/acme";
    static final String DB_PASSWORD = "Zt8#qL2vN5xW9mK4rB7c";
    static final String PULUMI_TOKEN = "pul-7f3a9c1e5b2d8f4a6c0e9b1d3f5a7c9e2b4d6f80";
    static final String GITHUB_TOKEN = "ghp_Kd8sT2mQ9vL4xW7nB3cR6yH1pF5gJ0aZ2eU4";

    private SecretsFixture() {
    }

    static Path repo(Path dir, String storeUrl) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("zerofail.yaml"), """
                version: 1
                secrets:
                  manifest:
                    - name: OPENAI_API_KEY
                      path: acme.ai.openai_api_key
                      category: ai
                      required: true
                      format: openai
                      services: [api, worker]
                    - name: DATABASE_URL
                      path: acme.db.url
                      category: database
                      required: [prod]
                      format: url
                      services: [api]
                    - name: DB_PASSWORD
                      path: acme.db.password
                      env: DB_PASSWORD_FILE
                      category: database
                      required: true
                      regex: '^.{16,}$'
                      services: [api]
                    - name: SENTRY_DSN
                      path: acme.sentry_dsn
                      required: false
                      services: [worker]
                  source: { env-prefix: SECRET_ }
                  stores:
                    esc: { url: "@STORE_URL@", org: acme, project: platform, environment: "{env}" }
                    github: { url: "@STORE_URL@", owner: acme, repo: platform, scope: repo }
                    dotenv: { file: "out/.env.{env}" }
                """.replace("@STORE_URL@", storeUrl));
        return dir;
    }

    /** The dotenv source with every secret valid. */
    static Path goodDotenv(Path dir) throws Exception {
        Path f = dir.resolve("values.env");
        Files.writeString(f, "OPENAI_API_KEY=" + OPENAI + "\nDATABASE_URL=\"" + DB_URL + "\"\nDB_PASSWORD='" + DB_PASSWORD
                + "'\n");
        return f;
    }

    /** Makes the CLI see {@code env} as its environment and never sleep; returns a restore hook. */
    static AutoCloseable environment(Map<String, String> env) {
        var before = SecretsSetup.contexts;
        SecretsSetup.contexts = r -> new StoresConfig.Context(env, r, d -> { }, Clock.systemUTC(),
                dev.zerofail.swarm.DockerEngine::fromEnvironment);
        return () -> SecretsSetup.contexts = before;
    }
}
