package dev.legends.snapshot;

import dev.legends.snapshot.archive.Trees;
import dev.legends.core.Digest;
import dev.legends.core.LegendsException;
import dev.legends.snapshot.Catalog.Entry;
import dev.legends.snapshot.archive.Applied;
import dev.legends.snapshot.archive.ApplyOptions;
import dev.legends.snapshot.archive.LayerApplier;
import dev.legends.snapshot.archive.LayerWriter;
import dev.legends.snapshot.archive.WriteOptions;
import dev.legends.snapshot.archive.Written;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The {@link Snapshotter} on kernel overlayfs. One lock guards the catalog and is held only for
 * metadata changes; unpacking and diffing, the slow parts, run outside it, each in a directory of
 * its own. A second, per chain id lock makes two callers unpacking the same layer wait for one
 * another instead of doing the work twice.
 */
final class OverlaySnapshotter implements Snapshotter {
    private static final String FS = "fs";
    private static final String WORK = "work";

    private final Catalog catalog;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<Digest, ReentrantLock> unpacking = new ConcurrentHashMap<>();

    private OverlaySnapshotter(Catalog catalog) {
        this.catalog = catalog;
    }

    static OverlaySnapshotter open(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        if (abs.toString().contains(",") || abs.toString().contains(":")) {
            // overlay splits its options at ',' and its lowerdir list at ':'
            throw LegendsException.invalid("snapshot root " + abs + " must not contain ',' or ':'");
        }
        try {
            return new OverlaySnapshotter(Catalog.open(abs));
        } catch (IOException e) {
            throw LegendsException.internal("open snapshots at " + abs + ": " + Trees.describe(e), e);
        } catch (LegendsException e) {
            throw e.wrap("open snapshots at " + abs);
        }
    }

    @Override
    public SnapshotInfo applyLayer(Digest parent, InputStream blob) {
        requireCommitted(parent);
        return unpack(parent, blob, null);
    }

    @Override
    public SnapshotInfo applyLayer(Digest parent, InputStream blob, Digest diffId) {
        Objects.requireNonNull(diffId, "diffId");
        requireCommitted(parent);
        Digest chain = ChainIds.next(parent, diffId);
        ReentrantLock chainLock = unpacking.computeIfAbsent(chain, k -> new ReentrantLock());
        chainLock.lock();
        try {
            Optional<SnapshotInfo> done = stat(chain.toString());
            return done.isPresent() ? done.get() : unpack(parent, blob, diffId);
        } finally {
            chainLock.unlock();
        }
    }

    private SnapshotInfo unpack(Digest parent, InputStream blob, Digest diffId) {
        Path dir = locked(() -> io("allocate a snapshot", catalog::newDir));
        try {
            ApplyOptions options = ApplyOptions.overlay();
            Applied applied = LayerApplier.apply(blob, dir.resolve(FS), diffId == null ? options : options.expecting(diffId));
            Digest chain = ChainIds.next(parent, applied.diffId());
            Entry existing = locked(() -> {
                Entry e = catalog.get(chain.toString());
                if (e == null) {
                    requireCommitted(parent); // it may have been removed while we unpacked
                    io("register " + chain, () -> {
                        catalog.put(Catalog.entry(dir.getFileName().toString(), SnapshotKind.COMMITTED,
                                chain.toString(), parent, applied.diffId(), applied.size()));
                        return null;
                    });
                }
                return e;
            });
            if (existing != null) {
                discard(dir); // someone unpacked the same chain meanwhile
                return existing.info();
            }
            return stat(chain.toString()).orElseThrow();
        } catch (RuntimeException e) {
            discard(dir);
            throw e;
        }
    }

    @Override
    public Mount prepare(String key, Digest parent) {
        return create(key, parent, SnapshotKind.ACTIVE);
    }

    @Override
    public Mount view(String key, Digest parent) {
        if (parent == null) {
            throw LegendsException.invalid("view " + key + ": a view needs a committed parent");
        }
        return create(key, parent, SnapshotKind.VIEW);
    }

    private Mount create(String key, Digest parent, SnapshotKind kind) {
        checkKey(key);
        locked(() -> {
            if (catalog.get(key) != null) {
                throw LegendsException.exists("snapshot " + key + " already exists");
            }
            requireCommitted(parent);
            return io("create snapshot " + key, () -> {
                Path dir = catalog.newDir();
                if (kind == SnapshotKind.ACTIVE) {
                    Files.createDirectory(dir.resolve(FS));
                    Files.createDirectory(dir.resolve(WORK));
                }
                catalog.put(Catalog.entry(dir.getFileName().toString(), kind, key, parent, null, 0));
                return null;
            });
        });
        return mounts(key);
    }

    @Override
    public Mount mounts(String key) {
        return locked(() -> {
            Entry e = require(key);
            List<Path> lowers = chain(e.parent());
            Path dir = catalog.dir(e);
            return switch (e.kind()) {
                case ACTIVE -> lowers.isEmpty() ? Mount.bind(dir.resolve(FS), false)
                        : Mount.overlay(lowers, dir.resolve(FS), dir.resolve(WORK));
                // overlay refuses a single lowerdir without an upper on kernels before 4.13 or so
                case VIEW -> lowers.size() == 1 ? Mount.bind(lowers.getFirst(), true) : Mount.overlay(lowers, null, null);
                case COMMITTED -> throw LegendsException.invalid("snapshot " + key
                        + " is committed: mount it through a view");
            };
        });
    }

    @Override
    public Committed commit(String key, OutputStream layer, WriteOptions options, boolean register) {
        Entry active = locked(() -> require(key));
        if (active.kind() != SnapshotKind.ACTIVE) {
            throw LegendsException.invalid("commit " + key + ": only an active snapshot can be committed");
        }
        Path dir = catalog.dir(active);
        Path fs = dir.resolve(FS);
        if (MountTable.usesUpperDir(fs)) {
            throw LegendsException.precondition("commit " + key + ": the snapshot is still mounted");
        }
        Written written = LayerWriter.write(fs, layer, options);
        Digest parent = active.parent() == null ? null : Digest.parse(active.parent());
        Digest chain = ChainIds.next(parent, written.diffId());
        if (!register) {
            return new Committed(written, chain, null);
        }
        long size = io("commit " + key, () -> UpperDir.seal(fs, options));
        Entry existing = locked(() -> {
            if (catalog.get(key) == null) {
                throw LegendsException.notFound("commit " + key + ": the snapshot was removed meanwhile");
            }
            Entry e = catalog.get(chain.toString());
            io("commit " + key, () -> {
                if (e != null) {
                    catalog.delete(active);
                } else {
                    catalog.put(Catalog.entry(active.id(), SnapshotKind.COMMITTED, chain.toString(), parent,
                            written.diffId(), size));
                }
                return null;
            });
            return e;
        });
        if (existing != null) {
            discard(dir); // the same content is committed already
        } else {
            io("commit " + key, () -> {
                Trees.delete(dir.resolve(WORK));
                return null;
            });
        }
        return new Committed(written, chain, stat(chain.toString()).orElseThrow());
    }

    @Override
    public void remove(String name) {
        Entry removed = locked(() -> {
            Entry e = require(name);
            long children = catalog.all().stream().filter(c -> name.equals(c.parent())).count();
            if (children > 0) {
                throw LegendsException.precondition("remove " + name + ": " + children
                        + " snapshot(s) have it as their parent");
            }
            if (e.kind() == SnapshotKind.ACTIVE && MountTable.usesUpperDir(catalog.dir(e).resolve(FS))) {
                throw LegendsException.precondition("remove " + name + ": the snapshot is still mounted");
            }
            io("remove " + name, () -> {
                catalog.delete(e);
                return null;
            });
            return e;
        });
        discard(catalog.dir(removed));
    }

    @Override
    public Optional<SnapshotInfo> stat(String name) {
        return locked(() -> Optional.ofNullable(catalog.get(name)).map(Entry::info));
    }

    @Override
    public List<SnapshotInfo> list() {
        return locked(() -> catalog.all().stream().map(Entry::info)
                .sorted(Comparator.comparing(SnapshotInfo::created).thenComparing(SnapshotInfo::name)).toList());
    }

    @Override
    public Usage usage(String name) {
        Entry e = locked(() -> require(name));
        return e.kind() == SnapshotKind.VIEW ? new Usage(0, 0) : DiskUsage.of(catalog.dir(e).resolve(FS));
    }

    @Override
    public MergedView mergedView(Digest chainId) {
        requireCommitted(Objects.requireNonNull(chainId, "chainId"));
        return MergedView.of(locked(() -> chain(chainId.toString())));
    }

    /** The fs dirs of a committed chain, top first; empty for null. */
    private List<Path> chain(String top) {
        List<Path> dirs = new ArrayList<>();
        for (String name = top; name != null; ) {
            Entry e = require(name);
            dirs.add(catalog.dir(e).resolve(FS));
            name = e.parent();
        }
        return dirs;
    }

    private void requireCommitted(Digest parent) {
        if (parent != null && locked(() -> require(parent.toString())).kind() != SnapshotKind.COMMITTED) {
            throw LegendsException.invalid("snapshot " + parent + " is not committed");
        }
    }

    private Entry require(String name) {
        Entry e = catalog.get(name);
        if (e == null) {
            throw LegendsException.notFound("snapshot " + name + " not found");
        }
        return e;
    }

    private static void checkKey(String key) {
        if (key == null || key.isBlank() || key.length() > 512 || key.indexOf('\0') >= 0) {
            throw LegendsException.invalid("invalid snapshot key: " + key);
        }
        if (key.startsWith("sha256:")) {
            throw LegendsException.invalid("snapshot key " + key + " looks like a chain id; chain ids name committed snapshots");
        }
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private interface IoWork<T> {
        T run() throws IOException;
    }

    private static <T> T io(String what, IoWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw LegendsException.internal(what + ": " + Trees.describe(e), e);
        }
    }

    private static void discard(Path dir) {
        try {
            Trees.delete(dir);
        } catch (IOException e) {
            // leftovers without metadata are swept when the snapshotter next opens
        }
    }
}
