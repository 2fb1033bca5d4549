package dev.zerofail.deploy;

import dev.zerofail.secrets.SecretSpec;
import dev.zerofail.secrets.SecretStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gates checked before anything changes: no freeze window, a pinned image, the manifest's
 * required secrets present in Swarm. Each is recorded. All three are skippable with
 * {@code --emergency}; the lock (taken by the deployer) and the rollback never are.
 */
final class Preflight {
    private final DeployContext ctx;
    private final Recorder rec;

    Preflight(DeployContext ctx, Recorder rec) {
        this.ctx = ctx;
        this.rec = rec;
    }

    /** The failed gates' messages; empty when the deploy may go on. */
    List<String> run(Deployer.Plan p, String image, boolean emergency) {
        List<String> failed = new ArrayList<>();
        check("preflight.freeze", ctx.env().name(), emergency, failed, freeze());
        check("preflight.image", image, emergency, failed, image(image));
        check("preflight.secrets", p.service(), emergency, failed, secrets(p.service()));
        return failed;
    }

    /**
     * A drill's gates: no freeze window (a drill changes what runs, for a moment) and the service
     * healthy now, because the drill's rollback is verified by going back to exactly this: an unhealthy
     * service would make a working rollback look failed. Image and secrets are what already runs.
     */
    List<String> drill(Deployer.Plan p, java.net.http.HttpClient http) {
        List<String> failed = new ArrayList<>();
        check("preflight.freeze", ctx.env().name(), false, failed, freeze());
        check("preflight.healthy", p.spec().path("Name").asText(), false, failed, healthyNow(p, http));
        return failed;
    }

    private Verdict healthyNow(Deployer.Plan p, java.net.http.HttpClient http) {
        String name = p.spec().path("Name").asText();
        // judged like verify: nothing recorded per task, only this gate's verdict
        Recorder quiet = new Recorder(null, 0, ctx.clock(), Progress.NONE, p.service());
        RolloutWatch.Result res = new RolloutWatch(ctx, http, quiet).watch(name, ctx.env().service(p.service()).health(),
                java.time.Duration.ZERO, 1, "pre-drill check");
        return res.ok() ? new Verdict(true, res.passed() + " replica(s) healthy before the drill")
                : new Verdict(false, "not healthy before the drill (" + res.failure().reason() + "): a rollback to it could "
                        + "not be verified; deploy a healthy version first");
    }

    private record Verdict(boolean passed, String detail) {
    }

    private void check(String gate, String target, boolean emergency, List<String> failed, Verdict v) {
        if (emergency && !v.passed()) {
            rec.gate(gate, target, true, "skipped (--emergency): " + v.detail());
            return;
        }
        rec.gate(gate, target, v.passed(), v.detail());
        if (!v.passed()) {
            failed.add(gate + ": " + v.detail());
        }
    }

    private Verdict freeze() {
        Instant now = ctx.clock().instant();
        for (DeployConfig.FreezeWindow w : ctx.env().freeze()) {
            if (w.contains(now)) {
                return new Verdict(false, "freeze window " + w.text() + " is active");
            }
        }
        return new Verdict(true, ctx.env().freeze().isEmpty() ? "no freeze windows" : "no freeze window active");
    }

    private Verdict image(String image) {
        if (Specs.pinned(image)) {
            return new Verdict(true, "pinned");
        }
        if (ctx.env().allowLatest()) {
            return new Verdict(true, "not pinned, allowed by allow-latest");
        }
        return new Verdict(false, "'" + image + "' is not pinned (latest or no tag): a redeploy could run something else; "
                + "use a version tag or digest, or set allow-latest: true for " + ctx.env().name());
    }

    private Verdict secrets(String service) {
        List<String> names = ctx.manifest().stream().filter(s -> s.requiredIn(ctx.env().name()))
                .filter(s -> s.usedByAny(List.of(service))).map(SecretSpec::name).toList();
        if (names.isEmpty()) {
            return new Verdict(true, "the manifest requires no secret for " + service + " in " + ctx.env().name());
        }
        if (ctx.swarmSecrets() == null) {
            return new Verdict(false, "cannot check " + names + ": no Swarm secret store");
        }
        Map<String, SecretStore.Stored> stored = ctx.swarmSecrets().read(names);
        List<String> missing = names.stream().filter(n -> !stored.containsKey(n)).toList();
        List<String> unchecked = names.stream().filter(n -> stored.containsKey(n) && stored.get(n).fingerprint() == null).toList();
        if (!missing.isEmpty()) {
            return new Verdict(false, "missing in Swarm: " + missing + " (run zerofail secrets sync --to swarm --env "
                    + ctx.env().name() + ")");
        }
        return new Verdict(true, names.size() + " required secret(s) present" + (unchecked.isEmpty() ? ", written by zerofail "
                + "secrets sync after validation (not placeholders)" : "; " + unchecked + " made outside zerofail: present, "
                + "value not checked (Swarm never returns values)"));
    }
}
