package dev.zerofail.secrets;

import java.util.Locale;

/**
 * One place in the repository that names a secret: a workflow's {@code ${{ secrets.X }}}, a compose
 * file's {@code secrets:} entry or {@code X_FILE} variable, a variable of a {@code .env} template,
 * a variable the code reads.
 *
 * @param name    the name as written (CI secret, Docker secret or variable name)
 * @param service the compose service it belongs to, or null
 */
public record Reference(String name, Kind kind, String path, int line, String service, boolean secretsMount) {

    /** @param secretsMount a {@code *_FILE} variable whose value is a path under {@code /run/secrets/} */
    public Reference(String name, Kind kind, String path, int line, String service) {
        this(name, kind, path, line, service, false);
    }

    public enum Kind {
        WORKFLOW("workflow secret"),
        COMPOSE_SECRET("compose secret"),
        COMPOSE_FILE_VARIABLE("compose *_FILE variable"),
        COMPOSE_VARIABLE("compose variable"),
        TEMPLATE("dotenv variable"),
        CODE("variable read by code");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /**
         * Kinds that name a secret by construction; the others count only when the name looks like a secret's
         * (a {@code *_FILE} variable also when its value is under /run/secrets/: NGINX_CONFIG_FILE is a path).
         */
        public boolean alwaysSecret() {
            return this == WORKFLOW || this == COMPOSE_SECRET;
        }
    }

    /** Upper case, without a {@code _FILE} (or Grafana-style {@code __FILE}) suffix: JWT_SECRET_FILE → JWT_SECRET. */
    public static String normalize(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.endsWith("__FILE")) {
            return n.substring(0, n.length() - 6);
        }
        return n.endsWith("_FILE") && n.length() > 5 ? n.substring(0, n.length() - 5) : n;
    }

    public String where() {
        return path + ":" + line;
    }
}
