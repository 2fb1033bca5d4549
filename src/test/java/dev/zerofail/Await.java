package dev.zerofail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waiting for a condition instead of sleeping and hoping: polls until it holds and returns at
 * once, or fails naming what did not happen (and the last value or error seen) when the deadline
 * passes. The deadline is generous on purpose: a loaded machine makes a test slower, not red.
 */
public final class Await {
    /** How often conditions are checked: short enough not to slow a test down, long enough not to spin. */
    public static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /** Waits until {@code condition} is true; an exception it throws counts as "not yet". */
    public static void until(String what, Duration within, Callable<Boolean> condition) throws InterruptedException {
        value(what, within, condition, Boolean.TRUE::equals);
    }

    /**
     * Polls {@code supplier} until {@code done} accepts its value, and returns that value. An
     * exception from the supplier counts as "not yet" and is kept as the cause of the failure.
     */
    public static <T> T value(String what, Duration within, Callable<T> supplier, Predicate<? super T> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        T last = null;
        Exception error = null;
        while (true) {
            try {
                last = supplier.call();
                error = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                error = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("waited " + within.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                        + " for " + what + (error == null ? "; last seen: " + last : "; last error: " + error), error);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
