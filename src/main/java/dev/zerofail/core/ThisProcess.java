package dev.zerofail.core;

import java.net.InetAddress;

/**
 * Which process this is (pid and host name), as written into a deployment's first event and its
 * lock row, and whether a pid recorded on this host is still alive: a deploy killed with -9 leaves
 * both behind, and the next command on the same host can tell at once that their process is gone.
 */
public final class ThisProcess {
    private static volatile String host;

    private ThisProcess() {
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** The host name, looked up once (the lookup can take a moment where name resolution is slow). */
    public static String host() {
        String h = host;
        if (h == null) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                h = "localhost";
            }
            host = h;
        }
        return h;
    }

    /** Whether a process with this pid runs on this host now. */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
