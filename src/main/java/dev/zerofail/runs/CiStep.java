package dev.zerofail.runs;

import java.time.Instant;

public record CiStep(String name, String status, String conclusion, int number, Instant startedAt, Instant completedAt) {
}
