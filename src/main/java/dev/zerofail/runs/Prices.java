package dev.zerofail.runs;

import dev.zerofail.core.ConfigNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-minute prices of GitHub-hosted runners in US dollars, by runner SKU: {@code linux},
 * {@code windows}, {@code macos} (the standard runners), {@code OS-N-core} (larger runners),
 * {@code macos-large}, {@code macos-xlarge}, and {@code self-hosted} (free). The defaults are
 * GitHub's published 2026 prices; {@code runs.prices} in zerofail.yaml overrides any of them.
 */
public record Prices(Map<String, BigDecimal> perMinute) {
    public static final dev.zerofail.core.ConfigKeys KEYS = dev.zerofail.core.ConfigKeys.of("runs", "prices");
    private static final Pattern SKU = Pattern.compile("(linux|windows|macos)(-\\d+-core)?|macos-(large|xlarge)|self-hosted");
    private static final Pattern CORES = Pattern.compile("(?i)(\\d+)[-_]?(?:cores?|vcpus?|cpus?)\\b");

    public Prices {
        perMinute = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perMinute));
    }

    public static Prices defaults() {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        put(m, "linux", "0.006");
        put(m, "linux-4-core", "0.012");
        put(m, "linux-8-core", "0.022");
        put(m, "linux-16-core", "0.042");
        put(m, "linux-32-core", "0.082");
        put(m, "linux-64-core", "0.162");
        put(m, "linux-96-core", "0.252");
        put(m, "windows", "0.010");
        put(m, "windows-4-core", "0.022");
        put(m, "windows-8-core", "0.042");
        put(m, "windows-16-core", "0.082");
        put(m, "windows-32-core", "0.162");
        put(m, "windows-64-core", "0.322");
        put(m, "windows-96-core", "0.552");
        put(m, "macos", "0.062");
        put(m, "macos-large", "0.077");
        put(m, "macos-xlarge", "0.102");
        put(m, "self-hosted", "0");
        return new Prices(m);
    }

    private static void put(Map<String, BigDecimal> m, String k, String v) {
        m.put(k, new BigDecimal(v));
    }

    /** The {@code runs:} section: {@code prices: {SKU: DOLLARS_PER_MINUTE}} over the defaults. */
    public static Prices from(ConfigNode runs) {
        runs.requireKeys(KEYS);
        Map<String, BigDecimal> m = new LinkedHashMap<>(defaults().perMinute());
        Optional<ConfigNode> prices = runs.get("prices");
        if (prices.isPresent() && !prices.get().isNull()) {
            for (Map.Entry<String, ConfigNode> e : prices.get().entries().entrySet()) {
                if (!SKU.matcher(e.getKey()).matches()) {
                    throw e.getValue().error("unknown runner '" + e.getKey() + "'", "use linux, windows, macos, "
                            + "OS-N-core (linux-8-core), macos-large, macos-xlarge or self-hosted");
                }
                BigDecimal v;
                try {
                    v = new BigDecimal(e.getValue().string().trim());
                } catch (NumberFormatException ex) {
                    throw e.getValue().error("expected dollars per minute such as 0.006, got '" + e.getValue().string()
                            + "'", "write a plain number");
                }
                if (v.signum() < 0) {
                    throw e.getValue().error("a price cannot be negative", "write 0 or more");
                }
                m.put(e.getKey(), v);
            }
        }
        return new Prices(m);
    }

    /**
     * The SKU a job ran on, from its runner labels: {@code self-hosted} first, then the OS
     * ({@code windows-*}, {@code macos-*}, anything else Linux) and a core count in a larger
     * runner's label ({@code ubuntu-latest-8-cores}, {@code linux-16-core}).
     */
    public static String sku(List<String> labels) {
        String os = "linux";
        Integer cores = null;
        String mac = null;
        for (String raw : labels) {
            String l = raw.toLowerCase(Locale.ROOT);
            if (l.equals("self-hosted")) {
                return "self-hosted";
            }
            if (l.startsWith("windows")) {
                os = "windows";
            } else if (l.startsWith("macos")) {
                os = "macos";
                if (l.endsWith("-xlarge")) {
                    mac = "macos-xlarge";
                } else if (l.endsWith("-large")) {
                    mac = "macos-large";
                }
            }
            Matcher m = CORES.matcher(l);
            if (m.find()) {
                cores = Integer.parseInt(m.group(1));
            }
        }
        if (os.equals("macos") && mac != null) {
            return mac;
        }
        return cores == null || cores == 2 || os.equals("macos") ? os : os + "-" + cores + "-core";
    }

    /** The price of a SKU; an unknown larger runner falls back to its OS's standard price (and is reported). */
    public BigDecimal price(String sku) {
        BigDecimal p = perMinute.get(sku);
        if (p != null) {
            return p;
        }
        return perMinute.getOrDefault(sku.split("-", 2)[0], perMinute.get("linux"));
    }

    public boolean known(String sku) {
        return perMinute.containsKey(sku);
    }
}
