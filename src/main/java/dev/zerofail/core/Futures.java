package dev.zerofail.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Waiting for work started on another thread, with its failure as it was thrown there. */
public final class Futures {
    private Futures() {
    }

    /** Starts {@code task} on a new daemon thread: work a short command runs beside its own, never waited for at exit. */
    public static void onDaemonThread(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    /** An executor that runs each task on a new daemon thread of this name (see {@link #onDaemonThread}). */
    public static Executor daemonThreads(String name) {
        return task -> onDaemonThread(name, task);
    }

    /** The value, or the exception the task threw (a ZerofailException keeps its exit code and message). */
    public static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
