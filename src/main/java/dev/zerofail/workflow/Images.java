package dev.zerofail.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The images a team builds today, read from its workflows ({@code docker/build-push-action},
 * {@code docker build}, {@code docker buildx build}, matrices included) and from the {@code build:}
 * sections of its compose files: so the generated deploy workflows build the same images from the
 * same contexts, Dockerfiles and build args, and push them under the same names.
 */
final class Images {
    /**
     * One image to build.
     *
     * @param name       service name (the matrix entry, and the --service given to zerofail deploy)
     * @param context    build context, relative to the repository root
     * @param dockerfile Dockerfile path, or null for the context's Dockerfile
     * @param buildArgs  KEY=VALUE lines
     * @param target     the Dockerfile stage to build, or null for the last
     * @param image      image reference without tag (may hold ${{ }} expressions), or null for REGISTRY/name
     * @param from       where it was found (file:line)
     */
    record Image(String name, String context, String dockerfile, List<String> buildArgs, String target, String image,
            String from) {
        Image {
            buildArgs = List.copyOf(buildArgs);
        }

        /** paths-filter globs: the context, and the Dockerfile when it lies outside it. */
        List<String> paths() {
            String dir = context.equals(".") ? "" : context + "/";
            List<String> out = new ArrayList<>(List.of(dir.isEmpty() ? "**" : dir + "**"));
            if (dockerfile != null && !dir.isEmpty() && !dockerfile.startsWith(dir)) {
                out.add(dockerfile);
            }
            return out;
        }
    }

    /** What was found, and what could not be mapped (named in the plan). */
    record Result(List<Image> images, List<ConsolidationPlan.Unmapped> unmapped) {
        Result {
            images = List.copyOf(images);
            unmapped = List.copyOf(unmapped);
        }
    }

    private static final Pattern EXPR = Pattern.compile("\\$\\{\\{\\s*([^}]*?)\\s*}}");
    private static final Pattern DOCKER_BUILD = Pattern.compile("\\bdocker\\s+(?:image\\s+build|buildx\\s+build|build)\\s");
    private static final List<String> VALUE_FLAGS = List.of("-t", "--tag", "-f", "--file", "--build-arg", "--platform",
            "--target", "--cache-from", "--cache-to", "--label", "--secret", "--output", "-o", "--builder", "--progress",
            "--network", "--ssh", "--iidfile", "--metadata-file", "--provenance", "--sbom", "--build-context",
            "--attest", "--annotation", "--add-host", "--shm-size", "--ulimit", "--allow", "--load-from");

    private Images() {
    }

    static Result infer(Path root, List<Workflow> workflows) {
        List<Image> found = new ArrayList<>();
        List<ConsolidationPlan.Unmapped> unmapped = new ArrayList<>();
        for (Workflow w : workflows) {
            for (Workflow.Job j : w.jobs()) {
                List<Map<String, String>> rows = matrixRows(w, j);
                for (Workflow.Step s : j.steps()) {
                    Map<String, String> env = new LinkedHashMap<>();
                    w.env().forEach((k, v) -> env.put(k, v.text()));
                    j.env().forEach((k, v) -> env.put(k, v.text()));
                    s.env().forEach((k, v) -> env.put(k, v.text()));
                    String where = w.path() + ":" + s.line();
                    // docker/build-push-action and its drop-in forks (useblacksmith/build-push-action...)
                    if (s.uses() != null && s.uses().matches("[\\w.-]+/build-push-action(@.*)?")) {
                        String ctx = text(s.with().get("context"));
                        String file = text(s.with().get("file"));
                        String args = text(s.with().get("build-args"));
                        String tags = metadataImages(j, text(s.with().get("tags")));
                        String target = text(s.with().get("target"));
                        for (Map<String, String> row : rows) {
                            add(found, unmapped, where, sub(ctx, row, env), sub(file, row, env), lines(sub(args, row, env)),
                                    sub(target, row, env), firstTag(sub(tags, row, env)));
                        }
                    }
                    if (s.run() != null && DOCKER_BUILD.matcher(s.run()).find()) {
                        String script = s.run().replaceAll("\\\\\\r?\\n", " ");
                        for (String line : script.split("\n")) {
                            Matcher m = DOCKER_BUILD.matcher(line);
                            if (!m.find() || line.strip().startsWith("#")) {
                                continue;
                            }
                            for (Map<String, String> row : rows) {
                                fromCommand(found, unmapped, where, sub(line.substring(m.end()), row, env));
                            }
                        }
                    }
                }
            }
        }
        compose(root, found, unmapped);
        return new Result(dedupe(found), unmapped);
    }

    /** tags: ${{ steps.meta.outputs.tags }} names the images: input of that docker/metadata-action step. */
    private static String metadataImages(Workflow.Job j, String tags) {
        Matcher m = tags == null ? null : Pattern.compile("steps\\.([\\w-]+)\\.outputs\\.tags").matcher(tags);
        if (m == null || !m.find()) {
            return tags;
        }
        for (Workflow.Step s : j.steps()) {
            Object id = s.raw().get("id");
            if (s.uses() != null && s.uses().startsWith("docker/metadata-action") && m.group(1).equals(String.valueOf(id))
                    && s.with().get("images") != null) {
                return s.with().get("images").text();
            }
        }
        return tags;
    }

    private static String text(Workflow.Value v) {
        return v == null ? null : v.text();
    }

    /** docker build flags: -t, -f, --build-arg; the context is the one positional argument. */
    private static void fromCommand(List<Image> found, List<ConsolidationPlan.Unmapped> unmapped, String where, String args) {
        List<String> tokens = shellWords(args.replaceAll("[;&|].*$", ""));
        String tag = null;
        String file = null;
        String ctx = null;
        String target = null;
        List<String> buildArgs = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String flag = t.contains("=") && t.startsWith("--") ? t.substring(0, t.indexOf('=')) : t;
            String inline = t.contains("=") && t.startsWith("--") ? t.substring(t.indexOf('=') + 1) : null;
            if (VALUE_FLAGS.contains(flag)) {
                String v = inline != null ? inline : i + 1 < tokens.size() ? tokens.get(++i) : null;
                switch (flag) {
                    case "-t", "--tag" -> tag = tag == null ? v : tag;
                    case "-f", "--file" -> file = v;
                    case "--build-arg" -> buildArgs.add(v);
                    case "--target" -> target = v;
                    default -> { }
                }
            } else if (!t.startsWith("-")) {
                ctx = t;
            }
        }
        if (ctx == null) {
            unmapped.add(new ConsolidationPlan.Unmapped(where, ConsolidationPlan.UnmappedKind.NO_CONTEXT, null, null, null));
            return;
        }
        add(found, unmapped, where, ctx, file, buildArgs, target, tag == null ? null : stripTag(tag));
    }

    private static void add(List<Image> found, List<ConsolidationPlan.Unmapped> unmapped, String where, String ctx, String file,
            List<String> args, String target, String image) {
        String context = ctx == null || ctx.isBlank() || ctx.contains("{{defaultContext}}") ? "." : clean(ctx);
        String dockerfile = file == null || file.isBlank() ? null : clean(file);
        if (context.contains("${{") || dockerfile != null && dockerfile.contains("${{") || context.startsWith("http")
                || context.startsWith("git") || context.equals("-")) {
            unmapped.add(new ConsolidationPlan.Unmapped(where, ConsolidationPlan.UnmappedKind.UNRESOLVED_CONTEXT, ctx, file,
                    null));
            return;
        }
        if (dockerfile != null && !context.equals(".") && !dockerfile.contains("/")) {
            // docker build -f Dockerfile.prod ctx: a bare file name is relative to the working directory
            dockerfile = dockerfile.equals("Dockerfile") ? null : dockerfile;
        }
        if (dockerfile != null && dockerfile.equals(context.equals(".") ? "Dockerfile" : context + "/Dockerfile")) {
            dockerfile = null;
        }
        // a bare local tag (docker build -t api .) names the image but is not where it is pushed
        String pushed = image != null && image.contains("/") ? image : null;
        if (pushed != null && !usable(pushed)) {
            unmapped.add(new ConsolidationPlan.Unmapped(where, ConsolidationPlan.UnmappedKind.IMAGE_NAME, pushed, null, null));
            pushed = null;
        }
        List<String> usableArgs = new ArrayList<>();
        for (String a : args) {
            if (usable(a)) {
                usableArgs.add(a);
            } else {
                unmapped.add(new ConsolidationPlan.Unmapped(where, ConsolidationPlan.UnmappedKind.BUILD_ARG, a, null, null));
            }
        }
        args = usableArgs;
        String stage = target == null || target.isBlank() || target.contains("${{") ? null : target.strip();
        found.add(new Image(name(context, dockerfile, image, stage), context, dockerfile, args, stage, pushed, where));
    }

    /** Only github, secrets and vars exist in the generated workflow's build step. */
    private static boolean usable(String ref) {
        Matcher m = EXPR.matcher(ref);
        while (m.find()) {
            if (!m.group(1).matches("(github|secrets|vars)\\.[\\w.-]+")) {
                return false;
            }
        }
        return true;
    }

    private static String clean(String p) {
        String s = p.strip().replaceAll("^['\"]|['\"]$", "").replaceAll("^\\./", "").replaceAll("/+$", "");
        return s.isEmpty() || s.equals(".") ? "." : s;
    }

    private static String name(String context, String dockerfile, String image, String target) {
        if (image != null) {
            String last = image.substring(image.lastIndexOf('/') + 1);
            if (!last.contains("${{") && !last.isBlank()) {
                return slug(last);
            }
        }
        if (target != null) {
            return slug(target);
        }
        if (dockerfile != null) {
            String f = dockerfile.substring(dockerfile.lastIndexOf('/') + 1);
            String suffix = f.replaceFirst("(?i)^dockerfile[._-]?", "").replaceFirst("(?i)[._-]?dockerfile$", "");
            String dir = dockerfile.contains("/") ? dockerfile.substring(0, dockerfile.lastIndexOf('/')) : "";
            if (!dir.isEmpty() && !dir.equals(context)) {
                return slug(dir.substring(dir.lastIndexOf('/') + 1) + (suffix.isEmpty() ? "" : "-" + suffix));
            }
            if (!suffix.isEmpty()) {
                return slug(suffix);
            }
        }
        if (!context.equals(".")) {
            return slug(context.substring(context.lastIndexOf('/') + 1));
        }
        return "app";
    }

    private static String slug(String s) {
        String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        return out.isEmpty() ? "app" : out;
    }

    /** Same context and Dockerfile is the same image, wherever it was built; names stay unique. */
    private static List<Image> dedupe(List<Image> found) {
        Map<String, Image> byBuild = new LinkedHashMap<>();
        for (Image i : found) {
            String key = i.context() + "|" + (i.dockerfile() == null ? "" : i.dockerfile()) + "|" + i.target();
            Image old = byBuild.get(key);
            if (old == null) {
                byBuild.put(key, i);
                continue;
            }
            // compose names what zerofail deploy --service takes; a workflow knows the pushed name and args
            boolean composeName = !i.from().startsWith(".github/") && old.from().startsWith(".github/");
            byBuild.put(key, new Image(composeName ? i.name() : old.name(), old.context(), old.dockerfile(),
                    old.buildArgs().isEmpty() ? i.buildArgs() : old.buildArgs(), old.target(),
                    old.image() != null ? old.image() : i.image(), old.from()));
        }
        Map<String, Image> byName = new TreeMap<>();
        for (Image i : byBuild.values()) {
            String n = i.name();
            for (int k = 2; byName.containsKey(n); k++) {
                n = i.name() + "-" + k;
            }
            byName.put(n, new Image(n, i.context(), i.dockerfile(), i.buildArgs(), i.target(), i.image(), i.from()));
        }
        return List.copyOf(byName.values());
    }

    /** The job's matrix as rows of key → value, or one empty row; only plain lists and include rows are read. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> matrixRows(Workflow w, Workflow.Job j) {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(new LinkedHashMap<>());
        Object jobs = w.raw().get("jobs");
        Object job = jobs instanceof Map<?, ?> m ? m.get(j.id()) : null;
        Object strategy = job instanceof Map<?, ?> m ? m.get("strategy") : null;
        Object matrix = strategy instanceof Map<?, ?> m ? m.get("matrix") : null;
        if (!(matrix instanceof Map<?, ?> mm)) {
            return rows;
        }
        for (Map.Entry<String, Object> e : ((Map<String, Object>) mm).entrySet()) {
            if (e.getKey().equals("include") || e.getKey().equals("exclude") || !(e.getValue() instanceof List<?> values)) {
                continue;
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> r : rows) {
                for (Object v : values) {
                    if (v instanceof Map<?, ?> || v instanceof List<?>) {
                        continue;
                    }
                    Map<String, String> n = new LinkedHashMap<>(r);
                    n.put(e.getKey(), String.valueOf(v));
                    next.add(n);
                }
            }
            rows = next.isEmpty() ? rows : next;
        }
        if (mm.get("include") instanceof List<?> include) {
            boolean base = rows.size() == 1 && rows.get(0).isEmpty();
            List<Map<String, String>> out = base ? new ArrayList<>() : rows;
            for (Object inc : include) {
                if (inc instanceof Map<?, ?> im) {
                    Map<String, String> n = new LinkedHashMap<>();
                    im.forEach((k, v) -> n.put(String.valueOf(k), v instanceof Map<?, ?> || v instanceof List<?> ? "" : String.valueOf(v)));
                    out.add(n);
                }
            }
            rows = out.isEmpty() ? rows : out;
        }
        return rows;
    }

    /** ${{ matrix.K }} and ${{ env.K }} with literal values are replaced; other expressions stay. */
    private static String sub(String s, Map<String, String> row, Map<String, String> env) {
        if (s == null) {
            return null;
        }
        Matcher m = EXPR.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String v = e.startsWith("matrix.") ? row.get(e.substring(7)) : e.startsWith("env.") ? env.get(e.substring(4)) : null;
            m.appendReplacement(sb, Matcher.quoteReplacement(v != null && !v.contains("${{") ? v : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static List<String> lines(String s) {
        if (s == null) {
            return List.of();
        }
        return Stream.of(s.split("\n")).map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String firstTag(String tags) {
        if (tags == null) {
            return null;
        }
        for (String t : tags.split("[,\n]")) {
            String s = t.strip();
            if (!s.isEmpty() && !s.startsWith("type=")) {
                return stripTag(s);
            }
        }
        return null;
    }

    /** registry/name:tag → registry/name (a port's colon is kept). */
    static String stripTag(String ref) {
        String r = ref.strip().replaceAll("^['\"]|['\"]$", "");
        int at = r.indexOf('@');
        if (at > 0) {
            r = r.substring(0, at);
        }
        // the tag starts at the last colon after the last slash that is not inside an expression
        int depth = 0;
        int slash = -1;
        int colon = -1;
        for (int i = 0; i < r.length(); i++) {
            if (r.startsWith("${{", i)) {
                depth++;
            } else if (r.startsWith("}}", i) && depth > 0) {
                depth--;
            } else if (depth == 0 && r.charAt(i) == '/') {
                slash = i;
                colon = -1;
            } else if (depth == 0 && r.charAt(i) == ':') {
                colon = i;
            }
        }
        if (colon > slash) {
            r = r.substring(0, colon);
        }
        return r.isBlank() ? null : r;
    }

    static List<String> shellWords(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean any = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    /** compose build: sections of the compose files at the root: the team's own list of images. */
    @SuppressWarnings("unchecked")
    private static void compose(Path root, List<Image> found, List<ConsolidationPlan.Unmapped> unmapped) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> p.getFileName().toString().matches("(docker-)?compose[\\w.-]*\\.ya?ml")).sorted().forEach(files::add);
        } catch (IOException e) {
            return;
        }
        for (Path f : files) {
            Object doc;
            try {
                doc = new Load(LoadSettings.builder().setAllowDuplicateKeys(true).build())
                        .loadFromString(Files.readString(f, StandardCharsets.UTF_8));
            } catch (RuntimeException | IOException e) {
                unmapped.add(new ConsolidationPlan.Unmapped(f.getFileName().toString(),
                        ConsolidationPlan.UnmappedKind.COMPOSE_UNREADABLE, e.getClass().getSimpleName(), null, null));
                continue;
            }
            if (!(doc instanceof Map<?, ?> m) || !(m.get("services") instanceof Map<?, ?> services)) {
                continue;
            }
            for (Map.Entry<String, Object> e : ((Map<String, Object>) services).entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> svc) || svc.get("build") == null) {
                    continue;
                }
                Object build = svc.get("build");
                String ctx = build instanceof Map<?, ?> b ? str(b.get("context")) : str(build);
                String file = build instanceof Map<?, ?> b ? str(b.get("dockerfile")) : null;
                String target = build instanceof Map<?, ?> b ? str(b.get("target")) : null;
                List<String> args = new ArrayList<>();
                if (build instanceof Map<?, ?> b && b.get("args") instanceof Map<?, ?> a) {
                    a.forEach((k, v) -> args.add(k + "=" + (v == null ? "" : v)));
                } else if (build instanceof Map<?, ?> b && b.get("args") instanceof List<?> a) {
                    a.forEach(x -> args.add(String.valueOf(x)));
                }
                String context = ctx == null ? "." : clean(ctx);
                if (file != null && !context.equals(".")) {
                    file = context + "/" + clean(file);
                }
                String image = svc.get("image") == null ? null : stripTag(str(svc.get("image")));
                if (context.contains("${") || context.startsWith("http") || context.startsWith("git")) {
                    unmapped.add(new ConsolidationPlan.Unmapped(f.getFileName().toString(),
                            ConsolidationPlan.UnmappedKind.COMPOSE_CONTEXT, ctx, null, e.getKey()));
                    continue;
                }
                String where = f.getFileName() + " services." + e.getKey();
                // a compose service name is what zerofail deploy --service takes
                found.add(new Image(slug(e.getKey()), context, file == null || file.endsWith("/Dockerfile")
                        && file.equals(context + "/Dockerfile") ? null : clean(file), args, target,
                        image == null || image.contains("${") || !image.contains("/") ? null : image, where));
            }
        }
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
