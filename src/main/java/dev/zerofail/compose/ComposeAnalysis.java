package dev.zerofail.compose;

import dev.zerofail.core.Result;
import java.util.List;

/**
 * The result of {@code zerofail compose analyze} (docs/schemas/compose-analyze.schema.json).
 *
 * @param files     compose files given or found
 * @param services  distinct service names across the readable files
 * @param conflicts findings of settings that differ between files (compose.conflict)
 * @param inventory each file: its version and services, or why it could not be read
 */
public record ComposeAnalysis(int files, int services, long conflicts, List<FileEntry> inventory) implements Result {
    public ComposeAnalysis {
        inventory = List.copyOf(inventory);
    }

    /**
     * @param file     path relative to the root
     * @param version  its version: key, or null
     * @param services the services it defines, in file order (null when unreadable)
     * @param error    why it could not be read, or null
     */
    public record FileEntry(String file, String version, List<String> services, String error) {
        public FileEntry {
            services = services == null ? null : List.copyOf(services);
        }
    }
}
