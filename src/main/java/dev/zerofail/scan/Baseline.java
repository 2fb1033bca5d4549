package dev.zerofail.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.core.Finding;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A previous JSON report: its findings are known and accepted, only new ones are reported. */
public final class Baseline {
    private final Set<String> fingerprints;

    private Baseline(Set<String> fingerprints) {
        this.fingerprints = Set.copyOf(fingerprints);
    }

    public static Baseline load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw ZerofailException.usage(file.toString(), "baseline file not found",
                    "create one with: zerofail scan --format json --output " + file);
        }
        JsonNode root;
        root = DataFiles.readTree(new ObjectMapper(), file, "baseline is not valid JSON",
                "pass a report written by zerofail scan --format json");
        JsonNode list = root == null ? null : root.get("findings");
        if (list == null || !list.isArray()) {
            throw ZerofailException.usage(file.toString(), "baseline has no \"findings\" array",
                    "pass a report written by zerofail scan --format json");
        }
        Set<String> fps = new HashSet<>();
        int i = 0;
        for (JsonNode f : list) {
            JsonNode fp = f.get("fingerprint");
            if (fp == null || !fp.isTextual()) {
                throw ZerofailException.usage(file + " findings[" + i + "]", "finding without a fingerprint",
                        "pass a report written by zerofail scan --format json");
            }
            fps.add(fp.asText());
            i++;
        }
        return new Baseline(fps);
    }

    /** Whether the baseline does not list {@code f} (a finding without a fingerprint is always new). */
    public boolean isNew(Finding f) {
        return f.fingerprint() == null || !fingerprints.contains(f.fingerprint());
    }

    public int size() {
        return fingerprints.size();
    }
}
