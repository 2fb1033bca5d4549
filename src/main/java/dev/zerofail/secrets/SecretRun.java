package dev.zerofail.secrets;

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
import java.util.Comparator;
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

    /**
     * Runs {@code command} with the valid values; returns its exit code. Call only after
     * {@link #check} found nothing blocking. Output is masked for the sensitive values and for
     * everything {@code alsoMasked} holds.
     */
    public static int exec(List<String> command, Map<String, String> baseEnv, Check check, Map<String, String> values,
            Redactor alsoMasked, InputStream in, OutputStream out, OutputStream err) {
        Path dir = null;
        Process process = null;
        Thread hook = null;
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
                    if (dir == null) {
                        dir = Files.createTempDirectory("zerofail-secrets-",
                                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    }
                    Path file = dir.resolve(s.env().substring(0, s.env().length() - "_FILE".length()));
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
            Process p = process;
            Path files = dir;
            // zerofail stopped by a signal: stop CMD too, and still remove the secret files
            hook = new Thread(() -> {
                p.destroy();
                try {
                    p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                delete(files);
            }, "zerofail-run-stop");
            Runtime.getRuntime().addShutdownHook(hook);
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
                process.destroy();
            }
            return 130;
        } finally {
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
            delete(dir);
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

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: the directory is owner-only and in the temp area
        }
    }
}
