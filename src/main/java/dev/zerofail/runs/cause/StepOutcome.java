package dev.zerofail.runs.cause;

/** One step of a job as the Actions API reports it; conclusion is null while it has none. */
public record StepOutcome(String name, String conclusion) {
}
