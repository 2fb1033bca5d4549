package dev.zerofail.core;

/**
 * A capability's typed result: a record whose components are the {@code result} object of the
 * command's JSON document (see docs/schemas). Durations are {@code …Ms} longs, times are
 * {@link java.time.Instant}s (ISO-8601 strings), enums are written in lower case, absent values
 * are null (and left out of the JSON). Results carry facts, never pre-rendered lines of prose:
 * renderers in {@code dev.zerofail.report} turn them into text and Markdown.
 */
public interface Result {
}
