package dev.zerofail.secrets;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Location;
import dev.zerofail.core.Masking;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import dev.zerofail.scan.SecretKeys;
import dev.zerofail.scan.Suppressions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code zerofail secrets check}: the manifest against itself and against the repository. Every
 * secret the repository names should be in the manifest, and every manifest entry should be
 * named somewhere; otherwise CI, the store and the running service drift apart.
 */
public final class SecretsCheck {
    public static final String KIND = "secrets";
    /** Provided by GitHub in every run: never a manifest entry. */
    private static final Set<String> GITHUB_PROVIDED = Set.of("GITHUB_TOKEN");
    private static final Pattern WHERE = Pattern.compile("^(.*):(\\d+)(?: (.*))?$");

    /** The rules of this check: id, severity, fix. */
    public enum CheckRule {
        NO_MANIFEST("secrets-no-manifest", Severity.HIGH,
                "write one with 'zerofail secrets import --from-dotenv .env.example --from-workflows . -o zerofail.secrets.yaml',"
                        + " review it, and point secrets.manifest in zerofail.yaml at it"),
        UNKNOWN("secrets-unknown", Severity.HIGH,
                "add an entry to secrets.manifest (name, path, env, services), or rename the reference to the manifest's name"),
        UNREFERENCED("secrets-unreferenced", Severity.MEDIUM,
                "remove the entry if nothing uses the secret any more, or fix the name it is referenced by"),
        REQUIRED_UNUSED("secrets-required-unused", Severity.MEDIUM,
                "list the services that read it under services:, or make it optional (required: false)"),
        UNKNOWN_SERVICE("secrets-unknown-service", Severity.LOW,
                "use the service's name as in the compose files, or remove it from services:"),
        PARSE_ERROR("secrets-parse-error", Severity.MEDIUM,
                "fix the file (UTF-8 YAML or dotenv text under 1 MB), or list it in .zerofailignore if it is not used");

        private final String id;
        private final Severity severity;
        private final String fix;

        CheckRule(String id, Severity severity, String fix) {
            this.id = id;
            this.severity = severity;
            this.fix = fix;
        }

        public String id() {
            return id;
        }

        public Severity severity() {
            return severity;
        }

        public String fix() {
            return fix;
        }
    }

    private final Path root;
    private final Manifest manifest;
    private final SecretKeys keys;
    private final List<Finding> findings = new ArrayList<>();

    private SecretsCheck(Path root, Manifest manifest, SecretKeys keys) {
        this.root = root;
        this.manifest = manifest;
        this.keys = keys;
    }

    public static Report run(Path root, Manifest manifest, SecretKeys keys) {
        return new SecretsCheck(root, manifest, keys).check(ReferenceFinder.find(root));
    }

    private Report check(ReferenceFinder.Result found) {
        Map<String, Long> secretBecause = new TreeMap<>();
        Map<String, Long> notSecretBecause = new TreeMap<>();
        List<Reference> secretRefs = new ArrayList<>();
        for (Reference r : found.references()) {
            Classification c = classify(r);
            (c.secret() ? secretBecause : notSecretBecause).merge(c.reason(), 1L, Long::sum);
            if (c.secret()) {
                secretRefs.add(r);
            }
        }
        Map<String, Long> byKind = new TreeMap<>();
        secretRefs.forEach(r -> byKind.merge(r.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), 1L, Long::sum));
        // how many references were taken for secrets and why, and why the others were not
        SecretsCheckResult.Classified classified = new SecretsCheckResult.Classified(secretRefs.size(),
                found.references().size() - (long) secretRefs.size(), secretBecause, notSecretBecause);

        if (!manifest.present()) {
            long names = secretRefs.stream().map(r -> Reference.normalize(r.name())).distinct().count();
            add(CheckRule.NO_MANIFEST, new Location("zerofail.yaml", 0, 0), null,
                    "no secrets manifest (secrets.manifest in zerofail.yaml); the repository names " + names
                            + " secret(s) that nothing tracks", "no-manifest");
        } else {
            unknown(secretRefs);
            unreferenced(found.references());
            manifestItself(found.references(), found.services());
        }
        for (ReferenceFinder.Unreadable u : found.unreadable()) {
            add(CheckRule.PARSE_ERROR, new Location(u.path(), u.line(), 0), null, u.path() + ": cannot be read: " + u.reason()
                    + "; the secrets it names are not checked", u.path());
        }
        Suppressions ignore = Suppressions.load(root, List.of());
        List<Finding> kept = findings.stream().filter(f -> !ignore.ignored(f)).toList();
        SecretsCheckResult result = new SecretsCheckResult(manifest.file().map(f -> relative(f.toString())).orElse(null),
                manifest.secrets().size(), found.filesRead(), byKind, classified,
                kept.stream().filter(f -> f.rule().equals(CheckRule.UNKNOWN.id())).count(),
                kept.stream().filter(f -> f.rule().equals(CheckRule.UNREFERENCED.id())).count(), kept.size());
        return new Report("secrets check", root.toString(), result, kept, found.warnings());
    }

    /** Whether a reference names a secret, and the reason, as a stable id counted in the summary. */
    record Classification(boolean secret, String reason) {
    }

    /**
     * Variables compose, the shell or the container runtime set, and compose's own settings: never a
     * secret, though PWD reads like "password". Workflow secrets and compose secrets are not checked
     * against these (a CI secret may be called anything).
     */
    static final Set<String> BUILTINS = Set.of("PWD", "OLDPWD", "HOME", "USER", "LOGNAME", "UID", "GID", "EUID",
            "HOSTNAME", "HOST", "PATH", "SHELL", "TERM", "TMPDIR", "LANG", "LC_ALL", "TZ", "DOCKER_HOST",
            "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_DEFAULT_PLATFORM", "DOCKER_BUILDKIT");

    Classification classify(Reference r) {
        if (r.kind() == Reference.Kind.WORKFLOW) {
            return GITHUB_PROVIDED.contains(r.name()) ? new Classification(false, "github-provided")
                    : new Classification(true, "workflow-secret");
        }
        if (r.kind() == Reference.Kind.COMPOSE_SECRET) {
            return new Classification(true, "compose-secret");
        }
        String upper = r.name().toUpperCase(Locale.ROOT);
        if (BUILTINS.contains(upper) || upper.startsWith("COMPOSE_")) {
            return new Classification(false, "builtin-variable");
        }
        if (matches(r).isPresent()) {
            return new Classification(true, "manifest-name");
        }
        if (r.kind() == Reference.Kind.COMPOSE_FILE_VARIABLE) {
            if (r.secretsMount()) {
                return new Classification(true, "secrets-mount-path");
            }
            return keys.isSecretKey(Reference.normalize(r.name())) ? new Classification(true, "secret-like-name")
                    : new Classification(false, "file-path-variable");
        }
        return keys.isSecretKey(r.name()) ? new Classification(true, "secret-like-name")
                : new Classification(false, "ordinary-variable");
    }

    /** The manifest entry a reference names, by CI name, runtime variable or (for Docker secrets) store path. */
    java.util.Optional<SecretSpec> matches(Reference r) {
        String n = Reference.normalize(r.name());
        for (SecretSpec s : manifest.secrets()) {
            if (r.kind() == Reference.Kind.WORKFLOW) {
                if (s.name().equalsIgnoreCase(r.name())) {
                    return java.util.Optional.of(s);
                }
                continue;
            }
            if (Reference.normalize(s.name()).equals(n) || Reference.normalize(s.env()).equals(n)) {
                return java.util.Optional.of(s);
            }
            if (r.kind() == Reference.Kind.COMPOSE_SECRET && dockerNameMatches(r.name(), s)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }

    /** acme_jwt_secret names JWT_SECRET: Docker secret names carry a stack or project prefix. */
    private static boolean dockerNameMatches(String docker, SecretSpec s) {
        String d = docker.toLowerCase(Locale.ROOT).replace('-', '_');
        List<String> candidates = List.of(Reference.normalize(s.name()).toLowerCase(Locale.ROOT),
                Reference.normalize(s.env()).toLowerCase(Locale.ROOT), s.path().toLowerCase(Locale.ROOT).replace('.', '_'),
                s.path().substring(s.path().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        return candidates.stream().anyMatch(c -> d.equals(c) || d.endsWith("_" + c));
    }

    private void unknown(List<Reference> refs) {
        Map<String, List<Reference>> unknown = new LinkedHashMap<>();
        for (Reference r : refs) {
            if (matches(r).isEmpty()) {
                unknown.computeIfAbsent(Reference.normalize(r.name()), k -> new ArrayList<>()).add(r);
            }
        }
        for (List<Reference> same : unknown.values()) {
            Reference first = same.get(0);
            List<String> kinds = same.stream().map(r -> r.kind().label()).distinct().toList();
            String more = same.size() > 1 ? " (" + same.size() + " places: " + String.join(", ", kinds) + ")" : "";
            String close = closest(first.name());
            String fix = close == null ? CheckRule.UNKNOWN.fix()
                    : "if this is " + close + ", rename the reference to " + close + "; otherwise " + CheckRule.UNKNOWN.fix();
            findings.add(new Finding(CheckRule.UNKNOWN.id(), KIND, CheckRule.UNKNOWN.severity(),
                    new Location(first.path(), first.line(), 0), first.name(),
                    first.name() + ": " + first.kind().label() + " not in the secrets manifest" + more, null,
                    Masking.fingerprint(first.path(), CheckRule.UNKNOWN.id(), Reference.normalize(first.name())), null, fix));
        }
    }

    private void unreferenced(List<Reference> all) {
        Set<SecretSpec> used = new HashSet<>();
        for (Reference r : all) {
            if (r.kind() == Reference.Kind.WORKFLOW && GITHUB_PROVIDED.contains(r.name())) {
                continue;
            }
            matches(r).ifPresent(used::add);
        }
        for (SecretSpec s : manifest.secrets()) {
            if (!used.contains(s)) {
                add(CheckRule.UNREFERENCED, location(s.where()), s.name(), s.name()
                        + ": in the manifest but no workflow, compose file, env template or code names it", s.name());
            }
        }
    }

    private void manifestItself(List<Reference> all, Set<String> composeServices) {
        // CI is a consumer too: a secret only the workflows read needs no service
        Set<SecretSpec> usedByCi = new HashSet<>();
        all.stream().filter(r -> r.kind() == Reference.Kind.WORKFLOW).forEach(r -> matches(r).ifPresent(usedByCi::add));
        for (SecretSpec s : manifest.secrets()) {
            if (s.services().isEmpty() && !s.requiredIn().isEmpty() && !usedByCi.contains(s)) {
                add(CheckRule.REQUIRED_UNUSED, location(s.where()), s.name(),
                        s.name() + ": required" + (s.requiredIn().contains(SecretSpec.EVERYWHERE) ? ""
                                : " in " + String.join(", ", s.requiredIn())) + " but no service uses it (services: is empty) and no workflow reads it",
                        s.name());
            }
            if (!composeServices.isEmpty()) {
                for (String svc : s.services()) {
                    if (!composeServices.contains(svc)) {
                        add(CheckRule.UNKNOWN_SERVICE, location(s.where()), s.name(), s.name() + ": service '" + svc
                                + "' is not defined in any compose file (known: "
                                + String.join(", ", new java.util.TreeSet<>(composeServices)) + ")", s.name() + "/" + svc);
                    }
                }
            }
        }
    }

    private void add(CheckRule rule, Location at, String key, String message, String identity) {
        findings.add(new Finding(rule.id(), KIND, rule.severity(), at, key, message, null,
                Masking.fingerprint(at.path(), rule.id(), identity), null, rule.fix()));
    }

    /** A manifest entry whose name shares most words with {@code name} (SLACK_TOKEN → SLACK_BOT_TOKEN). */
    private String closest(String name) {
        Set<String> words = words(name);
        String best = null;
        double bestScore = 0.5;
        for (SecretSpec s : manifest.secrets()) {
            Set<String> other = words(s.name());
            Set<String> both = new HashSet<>(words);
            both.retainAll(other);
            Set<String> either = new HashSet<>(words);
            either.addAll(other);
            double score = either.isEmpty() ? 0 : (double) both.size() / either.size();
            if (score >= bestScore && !both.isEmpty() && (best == null || score > bestScore)) {
                best = s.name();
                bestScore = score;
            }
        }
        return best;
    }

    /** The words that tell secrets apart: "api", "key" or "token" alone says nothing about which secret it is. */
    private static Set<String> words(String name) {
        Set<String> w = new HashSet<>(Arrays.asList(Reference.normalize(name).toLowerCase(Locale.ROOT).split("_+")));
        w.removeAll(GENERIC_WORDS);
        return w;
    }

    private static final Set<String> GENERIC_WORDS = Set.of("api", "key", "keys", "secret", "token", "password", "pass",
            "pwd", "url", "uri", "id", "access", "private", "auth", "credentials", "");

    private Location location(String where) {
        Matcher m = WHERE.matcher(where);
        if (!m.matches()) {
            return new Location(relative(where), 0, 0);
        }
        return new Location(relative(m.group(1)), Integer.parseInt(m.group(2)), 0);
    }

    private String relative(String file) {
        Path p = Path.of(file);
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString().replace('\\', '/') : file;
    }
}
