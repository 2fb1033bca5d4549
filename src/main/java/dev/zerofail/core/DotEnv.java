package dev.zerofail.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dotenv files as docker compose and most dotenv libraries read them: {@code KEY=value},
 * {@code export KEY=value}, comments, single quotes (literal), double quotes (with {@code \n},
 * {@code \t}, {@code \"} and {@code \\} escapes, may span lines), inline {@code #} comments after
 * unquoted values. A key given twice is an error naming both lines. Values are never put into
 * messages.
 */
public final class DotEnv {
    /** One assignment and the line it starts on. */
    public record Entry(String key, String value, int line) {
        @Override
        public String toString() {
            return key + " (line " + line + ")";
        }
    }

    private DotEnv() {
    }

    /** The file's variables, or an empty map when the file does not exist. */
    public static Map<String, String> readIfPresent(Path file) {
        return Files.isRegularFile(file) ? read(file) : Map.of();
    }

    public static Map<String, String> read(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Entry e : entries(file)) {
            out.put(e.key(), e.value());
        }
        return out;
    }

    public static List<Entry> entries(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ZerofailException.usage(file.toString(), "dotenv file not found", "check the path");
        } catch (IOException e) {
            throw ZerofailException.usage(file.toString(), "cannot read the dotenv file ("
                    + e.getClass().getSimpleName() + ")", "check that it exists, is readable and is UTF-8 text");
        }
        return parse(file.toString(), text);
    }

    public static List<Entry> parse(String label, String text) {
        List<Entry> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).stripLeading();
            }
            int eq = line.indexOf('=');
            String key = (eq < 0 ? line : line.substring(0, eq)).strip();
            if (key.isEmpty() || !key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
                throw ZerofailException.usage(label + ":" + lineNo, "expected KEY=value, not a valid variable name",
                        "write one NAME=value per line (names: letters, digits, _)");
            }
            String raw = eq < 0 ? "" : line.substring(eq + 1).stripLeading();
            String value;
            if (raw.startsWith("\"") || raw.startsWith("'")) {
                char quote = raw.charAt(0);
                StringBuilder body = new StringBuilder(raw.substring(1));
                int close = closing(body, quote);
                while (close < 0 && quote == '"' && i + 1 < lines.length) {
                    body.append('\n').append(lines[++i]);
                    close = closing(body, quote);
                }
                if (close < 0) {
                    throw ZerofailException.usage(label + ":" + lineNo, "the quoted value of " + key
                            + " is not closed", "add the closing " + quote);
                }
                String inner = body.substring(0, close);
                value = quote == '"' ? unescape(inner) : inner;
            } else {
                int hash = raw.indexOf(" #");
                value = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            }
            Integer before = seen.put(key, lineNo);
            if (before != null) {
                throw ZerofailException.usage(label + ":" + lineNo, key + " is set twice (lines " + before + " and "
                        + lineNo + ")", "keep one of them");
            }
            out.add(new Entry(key, value, lineNo));
        }
        return out;
    }

    private static int closing(CharSequence s, char quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quote == '"') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
