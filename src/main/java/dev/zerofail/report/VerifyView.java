package dev.zerofail.report;

import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.VerifyResult;
import java.util.ArrayList;
import java.util.List;

/** {@code zerofail verify}: ✔/✘ per gate and replica, then how many failed. */
final class VerifyView implements LineView<VerifyResult> {
    @Override
    public Class<VerifyResult> type() {
        return VerifyResult.class;
    }

    @Override
    public List<String> lines(VerifyResult r, Style style) {
        List<String> text = new ArrayList<>();
        for (Inspector.Check c : r.checks()) {
            text.add((c.passed() ? "✔ " : "✘ ") + c.service() + " " + c.gate() + " [" + replica(c) + "]: " + c.detail());
        }
        text.add(r.failed() == 0 ? "all gates pass" : r.failed() + " gate(s) failed");
        return text;
    }

    /** "slot 2 (task abcdef123456)", the target itself when Swarm no longer lists it, or "service". */
    private static String replica(Inspector.Check c) {
        if (c.target() == null) {
            return "service";
        }
        if (c.slot() == null) {
            return c.target();
        }
        String id = c.target().length() > 12 ? c.target().substring(0, 12) : c.target();
        return "slot " + c.slot() + " (task " + id + ")";
    }
}
