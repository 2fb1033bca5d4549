package dev.zerofail.secrets;

import java.time.Duration;

/** Waits between rate-limited retries; tests pass one that records instead of sleeping. */
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
