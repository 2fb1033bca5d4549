package dev.zerofail.secrets;

/**
 * Whether one secret's value is fit to use. {@code reason}, {@code masked} and {@code fingerprint}
 * are the only traces of the value: the reason never quotes it.
 *
 * @param masked      {@code sk-a…(51 chars)}, or null when there is no value
 * @param fingerprint 16 hex digits over name and value (equal values give equal fingerprints), or null
 */
public record Verdict(SecretSpec spec, Status status, String reason, String masked, String fingerprint) {

    public enum Status { OK, MISSING, PLACEHOLDER, BAD_FORMAT, OPTIONAL_MISSING }

    /** A value that must not be used in {@code environment}: missing, a placeholder or malformed, where required. */
    public boolean blocking(String environment) {
        return (status == Status.MISSING || status == Status.PLACEHOLDER || status == Status.BAD_FORMAT)
                && spec.requiredIn(environment);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
