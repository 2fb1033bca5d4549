package dev.zerofail.core;

import java.time.Duration;

/**
 * Waits: between rate-limited retries of a secret store, between polls of a rollout. Code that
 * waits takes one (with a {@link java.time.Clock}) instead of calling Thread.sleep, so tests pass a
 * fake that moves a fake clock forward and run in milliseconds.
 */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
