package dev.zerofail.compose;

import dev.zerofail.core.ZerofailException;
import java.util.Map;

/** Error locations in the form every zerofail error uses: {@code file:line key.path}. */
final class ComposeErrors {
    private ComposeErrors() {
    }

    /** The line of the path, or of its nearest parent that has one. */
    static String where(String file, Map<String, Integer> lines, String path) {
        String p = path;
        Integer line = null;
        while (true) {
            line = lines.get(p);
            if (line != null && line > 0 || p.isEmpty()) {
                break;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return file + (line != null && line > 0 ? ":" + line : "") + (path.isEmpty() ? "" : " " + path);
    }

    static ZerofailException usage(String where, String problem, String next) {
        return ZerofailException.usage(where, problem, next);
    }
}
