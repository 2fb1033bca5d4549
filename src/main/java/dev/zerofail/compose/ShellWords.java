package dev.zerofail.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string {@code command:}/{@code entrypoint:} into words the way docker stack deploy does
 * (go-shellwords without variable or backtick expansion): whitespace separates, single quotes keep
 * everything, a backslash escapes the next character outside single quotes. go-shellwords silently
 * stops at an unquoted {@code ; & | < >} and drops the rest; we refuse instead, because a command
 * cut short without a word is a deploy that runs something else than written.
 */
final class ShellWords {
    private ShellWords() {
    }

    static List<String> split(ComposeValue value) {
        String line = value.string();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean single = false;
        boolean dbl = false;
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (escaped) {
                word.append(c);
                escaped = false;
                inWord = true;
            } else if (c == '\\' && !single) {
                escaped = true;
            } else if (c == '\'' && !dbl) {
                single = !single;
                inWord = true;
            } else if (c == '"' && !single) {
                dbl = !dbl;
                inWord = true;
            } else if (single || dbl) {
                word.append(c);
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (";&|<>".indexOf(c) >= 0) {
                throw value.error("a command string with the shell operator '" + c + "' is cut there by docker stack deploy",
                        "write it as a list: [\"sh\", \"-c\", \"...\"]");
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (single || dbl || escaped) {
            throw value.error("unterminated quote or trailing backslash in the command string", "close the quote, or write the command as a list");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }
}
