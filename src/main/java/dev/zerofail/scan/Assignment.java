package dev.zerofail.scan;

/**
 * An assignment the {@link AssignmentLexer} read: key, separator and value, with where the value lies on the line.
 *
 * @param literal the value is text, not an expression: quoted, in a config file, or inside a quoted string
 * @param nested  the assignment sits inside another value's quotes (a connection string, a sentence)
 */
record Assignment(String key, int valueStart, int valueEnd, String value, boolean quoted, String sep,
        boolean fString, boolean literal, boolean nested, boolean typed, boolean quotedKey) {
    Assignment(String key, int valueStart, int valueEnd, String value, boolean quoted, String sep,
            boolean fString, boolean literal, boolean nested) {
        this(key, valueStart, valueEnd, value, quoted, sep, fString, literal, nested, false, false);
    }

    Assignment with(String newKey, boolean isTyped, boolean isQuotedKey) {
        return new Assignment(newKey, valueStart, valueEnd, value, quoted, sep, fString, literal, nested, isTyped,
                isQuotedKey);
    }
}
