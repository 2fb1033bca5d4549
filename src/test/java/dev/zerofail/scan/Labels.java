package dev.zerofail.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a labels file: {@code path<TAB>line<TAB>kind}, '#' comments. Keys are "path:line". */
final class Labels {
    private Labels() {
    }

    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split("\t");
            out.put(p[0] + ":" + Integer.parseInt(p[1].trim()), p[2].trim());
        }
        return out;
    }
}
