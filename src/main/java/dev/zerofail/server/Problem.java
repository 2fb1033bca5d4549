package dev.zerofail.server;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem document ({@code application/problem+json}). {@code type} is a URN per kind of
 * problem (a client branches on it, not on the prose); {@code parameter} names the offending query
 * parameter, path parameter or header when there is one.
 */
@JsonPropertyOrder({"type", "title", "status", "detail", "parameter"})
public record Problem(String type, String title, int status, String detail, String parameter) {
    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(int status, String kind, String title, String detail) {
        return new Problem("urn:zerofail:problem:" + kind, title, status, detail, null);
    }

    static Problem badParameter(String parameter, String detail) {
        return new Problem("urn:zerofail:problem:invalid-parameter", "Invalid parameter", 400, detail, parameter);
    }
}
