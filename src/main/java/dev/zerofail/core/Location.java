package dev.zerofail.core;

/** A place in a file: path relative to the scanned root, 1-based line and column (0 when unknown). */
public record Location(String path, int line, int column) {
    public Location {
        if (path == null) {
            throw new IllegalArgumentException("path");
        }
    }

    @Override
    public String toString() {
        return line > 0 ? path + ":" + line + (column > 0 ? ":" + column : "") : path;
    }
}
