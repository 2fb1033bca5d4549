package dev.zerofail.scan;

import dev.zerofail.core.ZerofailException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code git} command, run in the scanned folder. {@code --staged} and {@code --since} ask git
 * itself instead of opening the repository with JGit: a few git processes cost a few milliseconds,
 * while JGit's repository set-up (its classes, the system config it forks git to find, the index
 * parse) cost over a second of a short-lived JVM's time (bench/results/precommit.md). Git also
 * honours what a hook is handed ({@code GIT_INDEX_FILE} of a partial commit, {@code GIT_DIR}) as
 * git itself does.
 */
final class GitCli {
    private final String git;
    private final Path dir;
    private final String option;

    /**
     * @param git    the git executable ("git": from PATH)
     * @param dir    where git runs: the scanned folder
     * @param option the scan option that needs git, for messages ("--staged")
     */
    GitCli(String git, Path dir, String option) {
        this.git = git;
        this.dir = dir;
        this.option = option;
    }

    record Output(int status, byte[] out, String err) {
    }

    /** Runs git with {@code args}; a usage error when git is missing or the folder is not in a work tree. */
    Output run(String... args) {
        Process p = start(args);
        try {
            p.getOutputStream().close();
            Drain err = new Drain(p.getErrorStream());
            byte[] out = p.getInputStream().readAllBytes();
            int status = p.waitFor();
            Output o = new Output(status, out, err.text());
            if (status == 128 && o.err().contains("not a git repository")) {
                throw ZerofailException.usage(dir.toString(), "not inside a git repository (" + option + " reads git)",
                        "run " + option + " in a git work tree, or scan without it");
            }
            return o;
        } catch (IOException e) {
            throw failed(String.join(" ", args), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(String.join(" ", args), "interrupted");
        }
    }

    /** Runs git and returns its output; a usage error with git's message when it fails. */
    byte[] output(String... args) {
        Output o = run(args);
        if (o.status() != 0) {
            throw failed(String.join(" ", args), o.err().strip());
        }
        return o.out();
    }

    ZerofailException failed(String what, String why) {
        return ZerofailException.usage(dir.toString(), "git " + what.split(" ")[0] + " failed (" + option + "): " + why,
                "check that the repository is readable and not corrupt (git fsck) and that git works in it");
    }

    private Process start(String... args) {
        List<String> cmd = new ArrayList<>(List.of(git, "-C", dir.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // in a pre-commit hook git commit holds index.lock: never try to refresh the index in passing.
        // Messages in English: "not a git repository" is matched above.
        java.util.Map<String, String> env = pb.environment();
        env.put("GIT_OPTIONAL_LOCKS", "0");
        env.put("LC_ALL", "C");
        // git may hand a hook relative paths (GIT_INDEX_FILE=.git/index.lock); git -C would read them from DIR
        for (String name : List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")) {
            String v = env.get(name);
            if (v != null && !v.isEmpty() && !Path.of(v).isAbsolute()) {
                env.put(name, Path.of(v).toAbsolutePath().toString());
            }
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw ZerofailException.usage(git, "git is not installed or not on PATH (" + option + " reads the repository with git)",
                    "install git (for example apt-get install git) or put it on PATH, or scan without " + option);
        }
    }

    /** Paths of NUL-separated output, as git wrote them (UTF-8; -z leaves them unquoted). */
    static List<String> split(byte[] out) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                parts.add(new String(out, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        if (from < out.length) {
            parts.add(new String(out, from, out.length - from, StandardCharsets.UTF_8));
        }
        return parts;
    }

    /** Objects read one at a time through a single {@code git cat-file --batch}, asked for as they are needed. */
    Blobs blobs() {
        return new Blobs(start("cat-file", "--batch"));
    }

    final class Blobs implements Closeable {
        private final Process p;
        private final OutputStream in;
        private final InputStream out;
        private final Drain err;

        private Blobs(Process p) {
            this.p = p;
            this.in = p.getOutputStream();
            this.out = new java.io.BufferedInputStream(p.getInputStream(), 1 << 16);
            this.err = new Drain(p.getErrorStream());
        }

        /** The content of blob {@code id}, or null when it is larger than {@code max} bytes (then it is skipped). */
        byte[] read(String id, long max) throws IOException {
            in.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            String header = line();
            String[] f = header.split(" ");
            if (f.length != 3) {
                throw new IOException("cannot read object " + id + ": " + header);
            }
            long size = Long.parseLong(f[2]);
            byte[] data = null;
            if (size <= max) {
                data = out.readNBytes((int) size);
                if (data.length != size) {
                    throw new IOException("object " + id + " cut short");
                }
            } else {
                out.skipNBytes(size);
            }
            if (out.read() != '\n') {
                throw new IOException("unexpected output of git cat-file after object " + id);
            }
            return data;
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            for (int c = out.read(); c != '\n'; c = out.read()) {
                if (c < 0) {
                    throw new IOException("git cat-file ended early: " + err.text().strip());
                }
                b.write(c);
            }
            return b.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            try {
                in.close();
                out.readAllBytes();
                p.waitFor();
            } catch (IOException e) {
                p.destroy();
            } catch (InterruptedException e) {
                p.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads a child's stderr on its own thread, so a chatty git never blocks on a full pipe. */
    private static final class Drain {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream err) {
            thread = new Thread(() -> {
                try (err) {
                    err.transferTo(buf);
                } catch (IOException e) {
                    // the process is gone; what it wrote so far is all there is
                }
            }, "git-stderr");
            thread.setDaemon(true);
            thread.start();
        }

        String text() {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
