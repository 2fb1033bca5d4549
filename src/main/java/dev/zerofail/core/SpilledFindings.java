package dev.zerofail.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Findings of a long scan without holding them all: blocks of findings (one file's each) are kept in
 * memory up to a limit, then every block goes to a temporary file (owner-only; it holds only what the
 * report holds: masked values). The result is an immutable list in {@code order}, read back from the
 * file block by block each time it is iterated, so memory grows with the number of blocks, not of
 * findings. Each block must already be in {@code order}, and {@code order} must compare by path first:
 * blocks are ordered by their first finding and blocks of one path are merged.
 */
public final class SpilledFindings extends AbstractList<Finding> {
    /** Findings kept in memory before the first spill: a pre-commit hook or a test never touches the disk. */
    public static final int DEFAULT_MEMORY_LIMIT = 20_000;

    private final List<Block> blocks;
    private final Path file;
    private final int size;
    private final Comparator<Finding> order;

    private record Block(String path, Finding first, List<Finding> held, long offset, int length) {
    }

    private SpilledFindings(List<Block> blocks, Path file, int size, Comparator<Finding> order) {
        this.blocks = blocks;
        this.file = file;
        this.size = size;
        this.order = order;
    }

    /** Collects blocks from several threads; {@link #finish()} hands out the list. */
    public static final class Builder {
        private final Comparator<Finding> order;
        private final int memoryLimit;
        private final List<Block> blocks = new ArrayList<>();
        private int size;
        private int held;
        private Path file;
        private FileChannel channel;
        private long end;

        public Builder(Comparator<Finding> order, int memoryLimit) {
            this.order = order;
            this.memoryLimit = memoryLimit;
        }

        /** Adds the findings of one path (sorted here); thread-safe. */
        public void add(List<Finding> findings) {
            if (findings.isEmpty()) {
                return;
            }
            List<Finding> sorted = new ArrayList<>(findings);
            sorted.sort(order);
            synchronized (this) {
                size += sorted.size();
                if (channel == null && held + sorted.size() <= memoryLimit) {
                    held += sorted.size();
                    blocks.add(new Block(sorted.get(0).location().path(), sorted.get(0), List.copyOf(sorted), 0, 0));
                    return;
                }
                if (channel == null) {
                    open();
                    for (int i = 0; i < blocks.size(); i++) {
                        blocks.set(i, spill(blocks.get(i).held()));
                    }
                    held = 0;
                }
                blocks.add(spill(sorted));
            }
        }

        public synchronized SpilledFindings finish() {
            List<Block> sorted = new ArrayList<>(blocks);
            sorted.sort((a, b) -> order.compare(a.first(), b.first()));
            try {
                if (channel != null) {
                    channel.force(false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new SpilledFindings(List.copyOf(sorted), file, size, order);
        }

        private void open() {
            try {
                file = Files.createTempFile("zerofail-findings-", ".bin");
                file.toFile().deleteOnExit();
                channel = FileChannel.open(file, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary file for the findings", e);
            }
        }

        private Block spill(List<Finding> findings) {
            byte[] bytes = encode(findings);
            try {
                ByteBuffer bb = ByteBuffer.wrap(bytes);
                while (bb.hasRemaining()) {
                    channel.write(bb, end + bb.position());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the findings' temporary file " + file, e);
            }
            Block b = new Block(findings.get(0).location().path(), findings.get(0), null, end, bytes.length);
            end += bytes.length;
            return b;
        }
    }

    /** Whether some findings went to the temporary file (the memory limit was passed). */
    public boolean onDisk() {
        return file != null;
    }

    @Override
    public int size() {
        return size;
    }

    /** Sequential access is what this list is for; random access reads from the start. */
    @Override
    public Finding get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        Iterator<Finding> it = iterator();
        for (int i = 0; i < index; i++) {
            it.next();
        }
        return it.next();
    }

    @Override
    public Iterator<Finding> iterator() {
        return new Iterator<>() {
            private int nextBlock;
            private Iterator<Finding> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && nextBlock < blocks.size()) {
                    current = group().iterator();
                }
                return current.hasNext();
            }

            /** The next block, merged with the following blocks of the same path. */
            private List<Finding> group() {
                Block b = blocks.get(nextBlock++);
                List<Finding> out = read(b);
                if (nextBlock < blocks.size() && blocks.get(nextBlock).path().equals(b.path())) {
                    out = new ArrayList<>(out);
                    while (nextBlock < blocks.size() && blocks.get(nextBlock).path().equals(b.path())) {
                        out.addAll(read(blocks.get(nextBlock++)));
                    }
                    out.sort(order);
                }
                return out;
            }

            @Override
            public Finding next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private List<Finding> read(Block b) {
        if (b.held() != null) {
            return b.held();
        }
        byte[] bytes = new byte[b.length()];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.wrap(bytes);
            while (bb.hasRemaining()) {
                if (ch.read(bb, b.offset() + bb.position()) < 0) {
                    throw new IOException("truncated");
                }
            }
            return decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the findings' temporary file " + file, e);
        }
    }

    static byte[] encode(List<Finding> findings) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256 * findings.size());
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeInt(findings.size());
            for (Finding f : findings) {
                DataIo.writeNullable(out, f.rule());
                DataIo.writeNullable(out, f.kind());
                out.writeByte(f.severity().ordinal());
                DataIo.writeNullable(out, f.location().path());
                out.writeInt(f.location().line());
                out.writeInt(f.location().column());
                DataIo.writeNullable(out, f.key());
                DataIo.writeNullable(out, f.message());
                DataIo.writeNullable(out, f.masked());
                DataIo.writeNullable(out, f.fingerprint());
                DataIo.writeNullable(out, f.commit());
                DataIo.writeNullable(out, f.fix());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    static List<Finding> decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes); // big-endian, as DataOutputStream wrote it
        int n = in.getInt();
        List<Finding> out = new ArrayList<>(n);
        Severity[] severities = Severity.values();
        for (int i = 0; i < n; i++) {
            String rule = str(in);
            String kind = str(in);
            Severity sev = severities[in.get()];
            Location loc = new Location(str(in), in.getInt(), in.getInt());
            out.add(new Finding(rule, kind, sev, loc, str(in), str(in), str(in), str(in), str(in), str(in)));
        }
        return out;
    }

    private static String str(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }
}
