package dev.zerofail.report;

import dev.zerofail.secrets.SecretsVerifyResult;
import dev.zerofail.secrets.SecretsVerifyResult.SecretVerdict;
import java.util.ArrayList;
import java.util.List;

/** {@code zerofail secrets verify}: ok / FAIL / warn per secret, then whether every required one is in place. */
final class SecretsVerifyView implements LineView<SecretsVerifyResult> {
    @Override
    public Class<SecretsVerifyResult> type() {
        return SecretsVerifyResult.class;
    }

    @Override
    public List<String> lines(SecretsVerifyResult r, Style style) {
        List<String> text = new ArrayList<>();
        text.add("verify: " + r.target() + (r.environment() == null ? "" : " (" + r.environment() + ")"));
        if (!r.valuesChecked()) {
            text.add("note: this store does not return values; only names (and Swarm fingerprints) were checked");
        }
        for (SecretVerdict v : r.verdicts()) {
            String mark = switch (v.outcome()) {
                case OK -> "ok  ";
                case FAIL -> "FAIL";
                case WARN -> "warn";
            };
            boolean plainOk = v.outcome() == SecretsVerifyResult.Outcome.OK && "ok".equals(v.reason());
            text.add("  " + mark + "  " + v.name() + (v.fingerprint() == null ? "" : "  " + v.fingerprint())
                    + (plainOk ? "" : "  " + v.reason()));
        }
        text.add(r.failing() == 0 ? "all required secrets are in place" : r.failing() + " required secret(s) fail");
        return text;
    }
}
