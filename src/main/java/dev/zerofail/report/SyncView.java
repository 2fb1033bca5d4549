package dev.zerofail.report;

import dev.zerofail.secrets.Sync;
import dev.zerofail.secrets.SyncResult;
import java.util.ArrayList;
import java.util.List;

/** {@code zerofail secrets sync}: the plan (+ added, ~ changed, = unchanged, …) with fingerprints, then what was written. */
final class SyncView implements LineView<SyncResult> {
    @Override
    public Class<SyncResult> type() {
        return SyncResult.class;
    }

    @Override
    public List<String> lines(SyncResult r, Style style) {
        List<String> text = new ArrayList<>();
        text.add((r.dryRun() ? "plan (dry run, nothing written): " : "sync: ") + r.source() + " → " + r.target());
        for (Sync.Item i : r.plan()) {
            String label = switch (i.change()) {
                case ADDED -> "+ added    ";
                case CHANGED -> "~ changed  ";
                case UNCHANGED -> "= unchanged";
                case UNKNOWN -> "~ rewritten";
                case REMOVED -> "- removed  ";
                case SKIPPED -> "! skipped  ";
            };
            String fps = i.change() == Sync.Change.CHANGED ? i.oldFingerprint() + " → " + i.newFingerprint()
                    : i.change() == Sync.Change.REMOVED ? nz(i.oldFingerprint()) : nz(i.newFingerprint());
            text.add("  " + label + " " + i.name() + (i.key().equals(i.name()) ? "" : " (" + i.key() + ")")
                    + (fps.isEmpty() ? "" : "  " + fps) + (i.reason() == null ? "" : "  — " + i.reason()));
        }
        if (!r.failing().isEmpty()) {
            boolean partial = r.allowPartial() && !r.dryRun();
            text.add(r.failing().size() + " required secret(s) failed validation" + (partial
                    ? "; --allow-partial: the valid values were written" : ": nothing was written"));
        } else if (r.dryRun()) {
            text.add(r.hasChanges() ? "run without --dry-run to apply" : "nothing to change");
        } else {
            text.add(r.hasChanges() ? "written" : "nothing to change: the store already holds these values");
        }
        if (r.unknown() > 0) {
            text.add("note: " + r.unknown() + " secret(s) exist in a store that never returns values "
                    + "(GitHub, or a Swarm secret not made by zerofail), so they are written every time");
        }
        return text;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
