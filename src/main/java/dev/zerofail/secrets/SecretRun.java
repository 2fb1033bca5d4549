package dev.zerofail.secrets;

import dev.zerofail.core.AtomicFiles;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts a command only when every secret it needs is valid, with the values in its environment
 * (or, for {@code *_FILE} variables, in owner-only files in a private directory that is removed
 * afterwards), and passes its output through with the values masked.
 */
public final class SecretRun {
    private SecretRun() {
    }

    /** The verdicts for the secrets the command needs; it may start only when {@code blocking} is empty. */
    public record Check(List<Verdict> verdicts, List<Verdict> blocking) {
        public Check {
            verdicts = List.copyOf(verdicts);
            blocking = List.copyOf(blocking);
        }
    }

    public static Check check(List<SecretSpec> specs, Map<String, String> values, SecretValidator validator,
            String environment) {
        List<Verdict> verdicts = specs.stream().map(s -> validator.check(s, values.get(s.name()), environment)).toList();
        return new Check(verdicts, verdicts.stream().filter(v -> v.blocking(environment)).toList());
    }

    /** What a child gets besides its secrets: enough to find programs and format text, nothing else. */
    static final List<String> BASE_VARIABLES = List.of("PATH", "HOME", "LANG", "LANGUAGE", "TZ");
    static final String DIR_PREFIX = "zerofail-secrets-";

    /**
     * The environment a child starts from: {@link #BASE_VARIABLES}, {@code LC_*}, and the names in
     * {@code passEnv} ({@code NAME}, or {@code PREFIX*}). Not the rest: the store tokens and the
     * source variables stay out, so a secret meant for a {@code *_FILE} is not also in plain text.
     */
    public static Map<String, String> childEnvironment(Map<String, String> env, List<String> passEnv) {
        Map<String, String> out = new java.util.TreeMap<>();
        env.forEach((k, v) -> {
            boolean passed = passEnv.stream().anyMatch(p -> p.endsWith("*") ? k.startsWith(p.substring(0, p.length() - 1))
                    : p.equals(k));
            if (BASE_VARIABLES.contains(k) || k.startsWith("LC_") || passed) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * Runs {@code command} with the valid values; returns its exit code. Call only after
     * {@link #check} found nothing blocking. {@code baseEnv} is all the child gets besides its
     * secrets (see {@link #childEnvironment}). Output is masked for the sensitive values and for
     * everything {@code alsoMasked} holds.
     */
    public static int exec(List<String> command, Map<String, String> baseEnv, Check check, Map<String, String> values,
            Redactor alsoMasked, InputStream in, OutputStream out, OutputStream err) {
        sweepStale(Path.of(System.getProperty("java.io.tmpdir")));
        java.util.concurrent.atomic.AtomicReference<Path> dirRef = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Process> procRef = new java.util.concurrent.atomic.AtomicReference<>();
        // registered before the first secret file exists: a signal at any point still removes them
        Thread hook = new Thread(() -> {
            Process p = procRef.get();
            if (p != null) {
                stopTree(p);
            }
            AtomicFiles.deleteTreeQuietly(dirRef.get());
        }, "zerofail-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        Process process = null;
        try {
            Map<String, String> env = new LinkedHashMap<>(baseEnv);
            // store tokens and source values the child may print from its inherited environment, too
            List<String> masked = new ArrayList<>(alsoMasked.values());
            for (Verdict v : check.verdicts()) {
                if (!v.ok()) {
                    continue;
                }
                SecretSpec s = v.spec();
                String value = values.get(s.name());
                if (s.sensitive()) {
                    masked.add(value);
                }
                if (s.fileConvention()) {
                    if (dirRef.get() == null) {
                        dirRef.set(Files.createTempDirectory(DIR_PREFIX + ownId() + "-",
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
                    }
                    Path file = dirRef.get().resolve(s.env().substring(0, s.env().length() - "_FILE".length()));
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, value, StandardCharsets.UTF_8);
                    env.put(s.env(), file.toString());
                } else {
                    env.put(s.env(), value);
                }
            }
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.redirectInput(in == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
            try {
                process = pb.start();
            } catch (IOException e) {
                throw ZerofailException.usage(command.get(0), "cannot start the command ("
                        + e.getClass().getSimpleName() + ")", "check the command name and that it is executable");
            }
            procRef.set(process);
            Process p = process;
            if (in != null) {
                p.getOutputStream().close();
            }
            Thread o = pump(p.getInputStream(), out, masked);
            Thread e = pump(p.getErrorStream(), err, masked);
            int code = p.waitFor();
            o.join();
            e.join();
            return code;
        } catch (IOException e) {
            throw new ZerofailException(ExitCode.USAGE, null, "cannot prepare the secret files ("
                    + e.getClass().getSimpleName() + ")", "check that the temp directory is writable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                stopTree(process);
            }
            return ExitCode.INTERRUPTED.code();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            AtomicFiles.deleteTreeQuietly(dirRef.get());
        }
    }

    /**
     * Stops the child and everything it started: a shell's background jobs and a wrapper's workers
     * hold the same secrets. The descendants are listed before the child goes, while they are still
     * its descendants; whatever ignores SIGTERM for 5 seconds gets SIGKILL.
     */
    static void stopTree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.toHandle().descendants().toList());
        tree.add(0, p.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle h : tree) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    h.onExit().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // still running: killed below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** {@code PID-STARTMILLIS}: with the start time, a reused pid is not taken for the run that died. */
    private static String ownId() {
        ProcessHandle self = ProcessHandle.current();
        return self.pid() + "-" + self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /**
     * Removes secret directories of runs that are gone (SIGKILL, a power cut: no hook ran). Only
     * ours (owner-only, our user), and only when their process is not alive with the same start time.
     */
    static void sweepStale(Path tmp) {
        try (Stream<Path> list = Files.list(tmp)) {
            for (Path d : list.filter(p -> p.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                String[] parts = d.getFileName().toString().substring(DIR_PREFIX.length()).split("-");
                if (parts.length < 3 || !Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || !Files.getOwner(d, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName()
                                .equals(System.getProperty("user.name"))) {
                    continue;
                }
                long pid;
                long started;
                try {
                    pid = Long.parseLong(parts[0]);
                    started = Long.parseLong(parts[1]);
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .map(h -> h.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(started) == started)
                        .orElse(false);
                if (!alive) {
                    AtomicFiles.deleteTreeQuietly(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a sweep never stops a run
        }
    }

    private static Thread pump(InputStream from, OutputStream to, List<String> secrets) {
        Thread t = new Thread(() -> {
            MaskingFilter filter = new MaskingFilter(secrets);
            byte[] buf = new byte[8192];
            try (from) {
                for (int n; (n = from.read(buf)) >= 0;) {
                    to.write(filter.feed(buf, 0, n));
                    to.flush();
                }
                to.write(filter.finish());
                to.flush();
            } catch (IOException e) {
                // the child closed its end, or our side went away: nothing more to pass on
            }
        }, "zerofail-run-output");
        t.start();
        return t;
    }
}
