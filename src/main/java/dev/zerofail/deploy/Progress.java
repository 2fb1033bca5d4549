package dev.zerofail.deploy;

/** Where a deploy reports what it is doing as it goes (the CLI prints it on stderr). */
@FunctionalInterface
public interface Progress {
    Progress NONE = line -> { };

    void line(String line);
}
