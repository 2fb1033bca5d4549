package dev.zerofail.core;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The one binary form of a nullable string in zerofail's own files (rules.bin, spilled findings): length, -1 for null, then UTF-8. */
public final class DataIo {
    private DataIo() {
    }

    public static void writeNullable(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
