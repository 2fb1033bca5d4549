package dev.zerofail.secrets;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.scan.Suppressions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a repository names secrets: workflows, compose files, {@code .env} templates and
 * code. Text patterns, not a full parse of every language: the point is a list of names with
 * file and line, and a file that cannot be read is a warning, never a failure.
 */
public final class ReferenceFinder {
    private static final Pattern WORKFLOW_SECRET = Pattern.compile(
            "\\bsecrets\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]\\s*\\])");
    /** Secrets can only be read inside an expression; the same words in a comment are not a reference. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?+-][^}]*)?}");
    private static final String Q = "[\"'`]([A-Za-z_][A-Za-z0-9_]*)[\"'`]";
    /** getenv("X") in Python, C, PHP, Java (System.getenv) and Go (os.Getenv); environ[...]; process.env; ENV[...]; env::var. */
    private static final Pattern CODE = Pattern.compile("(?:\\b(?i:getenv)\\s*\\(\\s*" + Q + "|\\benviron(?:\\.get)?\\s*[\\[(]\\s*" + Q
            + "|\\bprocess\\.env\\.([A-Za-z_][A-Za-z0-9_]*)|\\bprocess\\.env\\[\\s*" + Q + "|\\bENV(?:\\.fetch\\s*\\(|\\[)\\s*" + Q
            + "|\\benv::var(?:_os)?\\s*\\(\\s*" + Q + "|\\bGetEnvironmentVariable\\s*\\(\\s*" + Q
            + "|\\bimport\\.meta\\.env\\.([A-Za-z_][A-Za-z0-9_]*))");
    private static final Set<String> CODE_EXTENSIONS = Set.of("py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "java", "kt",
            "kts", "scala", "groovy", "go", "rb", "rs", "php", "cs", "c", "h", "cc", "cpp", "swift", "ex", "exs", "vue",
            "svelte");
    private static final Pattern TEMPLATE_NAME = Pattern.compile(
            "(?:.*\\.)?env\\.(?:example|sample|template|dist|defaults|tpl|tmpl)|(?:example|sample|template)\\.env|"
                    + "\\.env\\.[a-z]+\\.(?:example|sample|template)");
    /** A dotenv file itself (.env, .env.production): its keys name variables too; values are never read into references. */
    private static final Pattern DOTENV_NAME = Pattern.compile("\\.env(?:\\.[A-Za-z0-9_-]+)?|[A-Za-z0-9_-]+\\.env");
    private static final Pattern COMPOSE_NAME = Pattern.compile("(?:docker-)?compose(?:[.-][A-Za-z0-9_.-]+)?\\.ya?ml");
    private static final Pattern ENV_LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=");
    private static final long MAX_BYTES = 1 << 20;

    private final Path root;
    private final Suppressions suppressions;
    private final List<Reference> refs = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<Unreadable> unreadable = new ArrayList<>();
    private final java.util.Set<String> services = new java.util.TreeSet<>();
    private int files;

    private ReferenceFinder(Path root) {
        this.root = root;
        this.suppressions = Suppressions.load(root, List.of());
    }

    /** @param services every service any compose file defines */
    public record Result(List<Reference> references, List<String> warnings, int filesRead, java.util.Set<String> services,
            List<Unreadable> unreadable) {
        public Result {
            references = List.copyOf(references);
            warnings = List.copyOf(warnings);
            services = java.util.Set.copyOf(services);
            unreadable = List.copyOf(unreadable);
        }
    }

    /** A workflow, compose file or dotenv file that could not be read, decoded or parsed (line 0: unknown). */
    public record Unreadable(String path, int line, String reason) {
    }

    public static Result find(Path root) {
        ReferenceFinder f = new ReferenceFinder(root);
        f.walk();
        return new Result(f.refs, f.warnings, f.files, f.services, f.unreadable);
    }

    private void walk() {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String rel = rel(dir);
                    return !rel.isEmpty() && suppressions.excluded(rel, true) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !suppressions.excluded(rel(file), false)) {
                        visit(file, attrs.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    warnings.add(rel(file) + ": not readable (" + exc.getClass().getSimpleName() + ")");
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw ZerofailException.usage(root.toString(), "cannot list the repository: " + e.getClass().getSimpleName(),
                    "check permissions");
        }
    }

    private String rel(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private void visit(Path file, long size) {
        String rel = rel(file);
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        boolean workflow = rel.matches("\\.github/workflows/[^/]+\\.ya?ml") || rel.matches("\\.github/actions/[^/]+/action\\.ya?ml");
        boolean compose = COMPOSE_NAME.matcher(lower).matches();
        boolean template = TEMPLATE_NAME.matcher(lower).matches() || DOTENV_NAME.matcher(lower).matches();
        int dot = lower.lastIndexOf('.');
        boolean code = dot > 0 && CODE_EXTENSIONS.contains(lower.substring(dot + 1));
        if (!workflow && !compose && !template && !code) {
            return;
        }
        boolean structured = workflow || compose || template;
        if (size > MAX_BYTES) {
            if (structured) {
                unreadable.add(new Unreadable(rel, 0, "larger than 1 MB, not read"));
            } else {
                warnings.add(rel + ": larger than 1 MB, not read");
            }
            return;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = e instanceof java.nio.charset.CharacterCodingException ? "not UTF-8 text"
                    : "not readable (" + e.getClass().getSimpleName() + ")";
            if (structured) {
                unreadable.add(new Unreadable(rel, 0, why));
            } else {
                warnings.add(rel + ": " + why);
            }
            return;
        }
        files++;
        if (workflow) {
            workflow(rel, text);
        } else if (compose) {
            compose(rel, text);
        } else if (template) {
            template(rel, text);
        } else {
            code(rel, text);
        }
    }

    private void workflow(String rel, String text) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher e = EXPRESSION.matcher(lines[i]);
            while (e.find()) {
                Matcher m = WORKFLOW_SECRET.matcher(e.group(1));
                while (m.find()) {
                    refs.add(new Reference(m.group(1) != null ? m.group(1) : m.group(2), Reference.Kind.WORKFLOW, rel, i + 1, null));
                }
            }
        }
    }

    /**
     * Every form {@link #CODE} matches contains "env" in some case, so the regex runs only on the lines that do:
     * most lines of most code files don't, and an alternation of word-bounded branches tried at every position
     * of every line was four fifths of an audit's CPU on a large repository.
     */
    private void code(String rel, String text) {
        Matcher m = CODE.matcher(text);
        int line = 1;
        int counted = 0;
        for (int at = envAt(text, 0); at >= 0; ) {
            int start = text.lastIndexOf('\n', at) + 1;
            int end = text.indexOf('\n', at);
            end = end < 0 ? text.length() : end;
            for (; counted < start; counted++) {
                if (text.charAt(counted) == '\n') {
                    line++;
                }
            }
            m.region(start, end);
            while (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        refs.add(new Reference(m.group(g), Reference.Kind.CODE, rel, line, null));
                        break;
                    }
                }
            }
            at = envAt(text, end);
        }
    }

    /** Where "env" (any case) next occurs from {@code from}, or -1. */
    private static int envAt(String text, int from) {
        for (int i = from, last = text.length() - 3; i <= last; i++) {
            char c = text.charAt(i);
            if ((c | 0x20) == 'e' && (text.charAt(i + 1) | 0x20) == 'n' && (text.charAt(i + 2) | 0x20) == 'v') {
                return i;
            }
        }
        return -1;
    }

    private void template(String rel, String text) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = ENV_LINE.matcher(lines[i]);
            if (m.find()) {
                refs.add(new Reference(m.group(1), Reference.Kind.TEMPLATE, rel, i + 1, null));
            }
        }
    }

    private void compose(String rel, String text) {
        ConfigNode doc;
        try {
            doc = ConfigNode.parse(rel, text);
        } catch (ZerofailException e) {
            Matcher at = Pattern.compile(":(\\d+)").matcher(e.where() == null ? "" : e.where());
            unreadable.add(new Unreadable(rel, at.find() ? Integer.parseInt(at.group(1)) : 0, e.problem()));
            return;
        }
        try {
            for (Map.Entry<String, ConfigNode> svc : doc.get("services").map(ConfigNode::entries).orElse(Map.of()).entrySet()) {
                if (svc.getValue().isNull() || svc.getValue().isScalar()) {
                    continue;
                }
                ConfigNode s = svc.getValue();
                services.add(svc.getKey());
                s.get("environment").ifPresent(env -> environment(rel, svc.getKey(), env));
                for (ConfigNode sec : s.get("secrets").map(ConfigNode::items).orElse(List.of())) {
                    String source = sec.isScalar() ? sec.string() : sec.get("source").map(ConfigNode::string).orElse(null);
                    if (source != null) {
                        refs.add(new Reference(source, Reference.Kind.COMPOSE_SECRET, rel, sec.line(), svc.getKey()));
                    }
                }
            }
            for (Map.Entry<String, ConfigNode> sec : doc.get("secrets").map(ConfigNode::entries).orElse(Map.of()).entrySet()) {
                refs.add(new Reference(sec.getKey(), Reference.Kind.COMPOSE_SECRET, rel, sec.getValue().line(), null));
            }
        } catch (ZerofailException e) {
            warnings.add(e.where() + ": unexpected compose shape (" + e.problem() + "), rest of the file skipped");
        }
    }

    private void environment(String rel, String service, ConfigNode env) {
        if (env.isScalar() || env.isNull()) {
            return;
        }
        boolean list;
        try {
            env.items();
            list = true;
        } catch (ZerofailException e) {
            list = false;
        }
        if (list) {
            for (ConfigNode item : env.items()) {
                String s = item.string();
                int eq = s.indexOf('=');
                variable(rel, service, eq < 0 ? s.strip() : s.substring(0, eq).strip(), eq < 0 ? "" : s.substring(eq + 1),
                        item.line());
            }
        } else {
            for (Map.Entry<String, ConfigNode> e : env.entries().entrySet()) {
                String value = e.getValue().isScalar() ? e.getValue().string() : "";
                variable(rel, service, e.getKey(), value, e.getValue().isNull() ? 0 : e.getValue().line());
            }
        }
    }

    private void variable(String rel, String service, String key, String value, int line) {
        int at = Math.max(1, line);
        if (key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            boolean file = key.toUpperCase(Locale.ROOT).endsWith("_FILE");
            refs.add(new Reference(key, file ? Reference.Kind.COMPOSE_FILE_VARIABLE : Reference.Kind.COMPOSE_VARIABLE,
                    rel, at, service, file && value.strip().startsWith("/run/secrets/")));
        }
        Matcher m = INTERPOLATION.matcher(value);
        while (m.find()) {
            refs.add(new Reference(m.group(1), Reference.Kind.COMPOSE_VARIABLE, rel, at, service));
        }
    }
}
