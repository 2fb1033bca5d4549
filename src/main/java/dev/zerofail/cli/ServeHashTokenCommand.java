package dev.zerofail.cli;

import dev.zerofail.core.ZerofailException;
import dev.zerofail.server.Role;
import dev.zerofail.server.TokenHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "hash-token", header = "Hash an API token for serve.tokens.", mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Reads a token on standard input and prints the serve.tokens entry for it: its name, role and "
                + "PBKDF2-HMAC-SHA256 hash with a fresh salt. The token itself is never written anywhere. "
                + "--generate makes a random token instead and prints it once, with its entry.", "",
                "Exit 0; 2 no token on standard input, or one too short."})
public final class ServeHashTokenCommand implements Callable<Integer> {
    static final int MIN_LENGTH = 16;
    /** Tests feed standard input here; null reads System.in. */
    static InputStream stdin;

    @Option(names = "--name", paramLabel = "NAME", description = "the token's name in the audit log (default: ${DEFAULT-VALUE})")
    String name = "api";

    @Option(names = "--role", paramLabel = "ROLE", description = "viewer, deployer or admin (default: ${DEFAULT-VALUE})")
    String role = "viewer";

    @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations (default: ${DEFAULT-VALUE})")
    int iterations = TokenHash.DEFAULT_ITERATIONS;

    @Option(names = "--generate", description = "make a random token and print it once")
    boolean generate;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Role r = Role.parse(role);
        if (r == null) {
            throw ZerofailException.usage("--role", "expected viewer, deployer or admin, got '" + role + "'", "pass one of them");
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw ZerofailException.usage("--name", "expected letters, digits, '.', '_' or '-'", "pass a name such as ci-deployer");
        }
        if (iterations < TokenHash.MIN_ITERATIONS) {
            throw ZerofailException.usage("--iterations", "at least " + TokenHash.MIN_ITERATIONS + ", got " + iterations,
                    "leave the default (" + TokenHash.DEFAULT_ITERATIONS + ")");
        }
        SecureRandom random = new SecureRandom();
        String token;
        if (generate) {
            token = TokenHash.newToken(random);
        } else {
            byte[] in = (stdin != null ? stdin : System.in).readNBytes(4096);
            token = new String(in, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw ZerofailException.usage("standard input", "no token", "pipe the token in (printf %s \"$TOKEN\" | "
                        + "zerofail serve hash-token) or pass --generate");
            }
            if (token.length() < MIN_LENGTH || !token.matches("[A-Za-z0-9._~+/-]+=*")) {
                // the length only: the token itself is never echoed
                throw ZerofailException.usage("standard input", "the token must be at least " + MIN_LENGTH
                        + " characters of letters, digits and -._~+/ (got " + token.length() + " characters)",
                        "pass --generate for a random one");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (generate) {
            out.println("# the token (shown only now; give it to its user, keep it out of git):");
            out.println("# " + token);
        }
        out.println("    - name: " + name);
        out.println("      role: " + r.id());
        out.println("      hash: " + TokenHash.of(token, iterations, random).encoded());
        out.flush();
        return 0;
    }
}
