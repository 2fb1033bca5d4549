package dev.zerofail.secrets;

import dev.zerofail.core.Masking;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Replaces known secret values in a byte stream by their masked form ({@link Masking#mask}), however the stream is cut into reads: bytes that
 * could be the start of a value are held back until the next read (or the end) decides.
 */
final class MaskingFilter {
    private final byte[][] values;
    private final byte[][] replacements;
    private byte[] pending = new byte[0];

    MaskingFilter(List<String> secrets) {
        // longest first, so that a value containing another is replaced whole
        List<String> sorted = secrets.stream().filter(s -> s != null && !s.isEmpty()).distinct()
                .sorted((a, b) -> Integer.compare(b.length(), a.length())).toList();
        values = new byte[sorted.size()][];
        replacements = new byte[sorted.size()][];
        for (int i = 0; i < sorted.size(); i++) {
            values[i] = sorted.get(i).getBytes(StandardCharsets.UTF_8);
            replacements[i] = Masking.mask(sorted.get(i), sorted).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The bytes that can be passed on now. */
    byte[] feed(byte[] b, int off, int len) {
        return process(b, off, len, false);
    }

    /** At the end of the stream: what was held back is decided with no more input to come. */
    byte[] finish() {
        return process(new byte[0], 0, 0, true);
    }

    private byte[] process(byte[] b, int off, int len, boolean last) {
        byte[] buf = new byte[pending.length + len];
        System.arraycopy(pending, 0, buf, 0, pending.length);
        System.arraycopy(b, off, buf, pending.length, len);
        ByteArrayOutputStream out = new ByteArrayOutputStream(buf.length);
        int i = 0;
        int emitFrom = 0;
        int holdFrom = buf.length;
        while (i < buf.length) {
            int match = -1;
            boolean partial = false;
            for (int v = 0; v < values.length; v++) {
                int m = matchAt(buf, i, values[v]);
                if (m == 1) {
                    match = v;
                    break;
                }
                if (m == 0 && !last) {
                    // a longer value may start here: wait for more input before deciding on shorter ones
                    partial = true;
                    break;
                }
            }
            if (match >= 0) {
                out.write(buf, emitFrom, i - emitFrom);
                out.writeBytes(replacements[match]);
                i += values[match].length;
                emitFrom = i;
            } else if (partial) {
                // a value may start here and continue in the next read
                holdFrom = i;
                break;
            } else {
                i++;
            }
        }
        out.write(buf, emitFrom, Math.min(holdFrom, buf.length) - emitFrom);
        pending = holdFrom < buf.length ? java.util.Arrays.copyOfRange(buf, holdFrom, buf.length) : new byte[0];
        return out.toByteArray();
    }

    /** 1: the value is at {@code i}; 0: the buffer ends inside what could be the value; -1: no. */
    private static int matchAt(byte[] buf, int i, byte[] value) {
        int n = Math.min(value.length, buf.length - i);
        for (int k = 0; k < n; k++) {
            if (buf[i + k] != value[k]) {
                return -1;
            }
        }
        return n == value.length ? 1 : 0;
    }
}
