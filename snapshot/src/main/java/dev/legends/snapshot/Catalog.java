package dev.legends.snapshot;

import dev.legends.snapshot.archive.Trees;
import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The snapshots on disk and their metadata. Each snapshot is a directory named by a small number
 * (ROOT/17), holding {@code fs} (the layer, or the upper dir), {@code work} for an active one, and
 * {@code snapshot.json}. Numbers rather than chain ids or keys keep overlay's lowerdir list short:
 * mount(2) takes its options in one 4 KiB page, and "/var/lib/legends/snapshots/17/fs" (32 bytes)
 * lets about 120 layers fit, where a 71-character digest would stop near fifty. (Java cannot chdir
 * to mount with relative paths, as docker does; taller stacks go through the new mount API, see
 * {@link Mounts}.)
 *
 * <p>The metadata file is the commit point: written to a temporary file, fsynced, then renamed,
 * so a directory without it is the leftover of a crash and is removed on open. Not thread safe:
 * the snapshotter calls it under its lock.
 */
final class Catalog {
    private static final String META = "snapshot.json";

    /** The JSON form; digests as strings, absent ones null. */
    record Entry(String id, SnapshotKind kind, String name, String parent, String diffId, long size, String created) {
        SnapshotInfo info() {
            return new SnapshotInfo(name, kind, parent == null ? null : Digest.parse(parent),
                    diffId == null ? null : Digest.parse(diffId), size, Instant.parse(created));
        }
    }

    private final Path root;
    private final Map<String, Entry> byName = new HashMap<>();
    private final AtomicLong lastId = new AtomicLong();

    private Catalog(Path root) {
        this.root = root;
    }

    static Catalog open(Path root) throws IOException {
        Catalog c = new Catalog(root);
        Files.createDirectories(root);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                if (!id.matches("[0-9]{1,18}")) {
                    continue;
                }
                c.lastId.accumulateAndGet(Long.parseLong(id), Math::max);
                Path meta = dir.resolve(META);
                if (!Files.exists(meta)) {
                    Trees.delete(dir); // a snapshot whose creation did not finish
                    continue;
                }
                Entry e = Json.read(Files.readAllBytes(meta), Entry.class);
                c.byName.put(e.name(), e);
                c.tidy(e);
            }
        }
        return c;
    }

    Entry get(String name) {
        return byName.get(name);
    }

    List<Entry> all() {
        return new ArrayList<>(byName.values());
    }

    Path dir(Entry e) {
        return root.resolve(e.id());
    }

    /** A new, empty snapshot directory with a number never used before. */
    Path newDir() throws IOException {
        while (true) {
            Path dir = root.resolve(Long.toString(lastId.incrementAndGet()));
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // another process made it; take the next number
            }
        }
    }

    /** Writes {@code e} durably; an entry of the same directory under another name is replaced. */
    void put(Entry e) throws IOException {
        Path dir = root.resolve(e.id());
        Path tmp = dir.resolve(META + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(Json.bytes(e));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(META), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
        byName.values().removeIf(old -> old.id().equals(e.id()));
        byName.put(e.name(), e);
    }

    /** Forgets {@code e}: its metadata goes first, so a crash while deleting leaves only garbage. */
    void delete(Entry e) throws IOException {
        Files.deleteIfExists(dir(e).resolve(META));
        byName.remove(e.name());
    }

    static Entry entry(String id, SnapshotKind kind, String name, Digest parent, Digest diffId, long size) {
        return new Entry(id, kind, name, parent == null ? null : parent.toString(),
                diffId == null ? null : diffId.toString(), size, Instant.now().toString());
    }

    /** Removes what a crash may have left inside a snapshot's directory. */
    private void tidy(Entry e) throws IOException {
        Path dir = dir(e);
        Files.deleteIfExists(dir.resolve(META + ".tmp"));
        if (e.kind() == SnapshotKind.COMMITTED) {
            Trees.delete(dir.resolve("work"));
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, ".fs.applying-*")) {
            for (Path p : s) {
                Trees.delete(p);
            }
        }
    }
}
