package dev.zerofail.scan;

import java.util.Locale;
import java.util.Set;

/** What a file is, by its path: it decides how values are read and how severe a placeholder is. */
enum FileKind {
    /** .env.example, *.template, *.sample, *.dist: stand-ins are expected; reported at low severity. */
    TEMPLATE,
    /** Markdown and other prose. */
    DOCS,
    /** Test code and fixtures. */
    TEST,
    /** Program source: a bare (unquoted) value is an expression, not a literal. */
    CODE,
    /** .env files: KEY=value lines that a process loads as is. */
    ENV,
    /** YAML, JSON, INI, TOML, properties, shell, Dockerfile… */
    CONFIG;

    private static final Set<String> CODE_EXT = Set.of("py", "js", "mjs", "cjs", "jsx", "ts", "tsx", "go", "java",
            "kt", "kts", "rb", "php", "cs", "rs", "scala", "swift", "groovy", "c", "cc", "cpp", "h", "hpp", "m",
            "dart", "lua", "ex", "exs", "vue", "svelte", "clj", "cljs", "cljc");
    private static final Set<String> DOC_EXT = Set.of("md", "markdown", "rst", "adoc", "txt", "mdx");
    private static final Set<String> TEMPLATE_EXT = Set.of("example", "sample", "template", "tmpl", "tpl", "dist",
            "defaults");

    private static final Set<String> EXAMPLE_DIRS = Set.of("example", "examples", "sample", "samples");

    private static final java.util.regex.Pattern TEST_NAME = java.util.regex.Pattern.compile(
            ".*[._-](test|spec)\\.[a-z0-9]+|.*_test\\.go|.*(test|tests)\\.(java|kt|cs|scala)");

    static FileKind of(String relPath) {
        String p = relPath.replace('\\', '/');
        String name = p.substring(p.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String lower = p.toLowerCase(Locale.ROOT);
        for (String part : name.split("\\.")) {
            if (TEMPLATE_EXT.contains(part)) {
                return TEMPLATE;
            }
        }
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (DOC_EXT.contains(ext)) {
            return DOCS;
        }
        if (isTest(lower, name)) {
            return TEST;
        }
        if (name.equals(".env") || name.startsWith(".env.") || ext.equals("env")) {
            return inExampleDir(lower) ? TEMPLATE : ENV;
        }
        if (CODE_EXT.contains(ext)) {
            return CODE;
        }
        return inExampleDir(lower) ? TEMPLATE : CONFIG;
    }

    /**
     * Under examples/, samples/ or .examples/ (nextcloud/docker keeps dozens of compose examples there): files a
     * reader copies and fills in, like a .env.example, not files that are deployed as they are.
     */
    private static boolean inExampleDir(String lowerPath) {
        int slash = lowerPath.lastIndexOf('/');
        for (String dir : (slash < 0 ? "" : lowerPath.substring(0, slash)).split("/")) {
            if (EXAMPLE_DIRS.contains(dir.startsWith(".") || dir.startsWith("_") ? dir.substring(1) : dir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTest(String lowerPath, String name) {
        String p = "/" + lowerPath;
        return p.contains("/test/") || p.contains("/tests/") || p.contains("/__tests__/") || p.contains("/spec/")
                || p.contains("/testdata/") || p.contains("/fixtures/") || p.contains("/__mocks__/")
                || name.startsWith("test_") || TEST_NAME.matcher(name).matches()
                || name.equals(".env.test") || name.equals(".env.testing") || name.equals("test.env");
    }

    /** Program source, whatever its role: there an unquoted value is an expression, not a literal. */
    static boolean isCode(String relPath) {
        String name = relPath.substring(relPath.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.contains(".") && CODE_EXT.contains(name.substring(name.lastIndexOf('.') + 1));
    }

    /**
     * Translation catalogues (locales/, i18n/, translations/, messages_de.properties): their values are UI text
     * in some language, such as "Contraseña" under a "password" key, never credentials.
     */
    static boolean isTranslation(String relPath) {
        String p = "/" + relPath.replace('\\', '/').toLowerCase(Locale.ROOT);
        String name = p.substring(p.lastIndexOf('/') + 1);
        return p.contains("/locales/") || p.contains("/locale/") || p.contains("/i18n/") || p.contains("/l10n/")
                || p.contains("/translations/") || p.contains("/lang/") && !isCode(relPath) || name.endsWith(".po")
                || name.endsWith(".pot") || name.endsWith(".xliff") || name.endsWith(".xlf")
                || TRANSLATION_NAME.matcher(name).matches();
    }

    private static final java.util.regex.Pattern TRANSLATION_NAME = java.util.regex.Pattern.compile(
            "(?:messages|strings|translations?)(?:[._-][a-z]{2}(?:[_-][a-z]{2})?)?\\.(?:properties|json|ya?ml|xml)"
            + "|[a-z]{2}(?:[_-][a-z]{2})?\\.i18n\\.(?:json|ya?ml)");

    boolean expectsStandIns() {
        return this == TEMPLATE || this == DOCS || this == TEST;
    }
}
