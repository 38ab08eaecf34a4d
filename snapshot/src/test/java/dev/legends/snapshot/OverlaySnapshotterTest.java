package dev.legends.snapshot;

import static dev.legends.snapshot.archive.TarBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.snapshot.archive.HostileLayerTest;
import dev.legends.snapshot.archive.TarBuilder;
import dev.legends.snapshot.archive.WriteOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The snapshotter with real overlay mounts (as root). */
class OverlaySnapshotterTest extends MountedTest {
    private Path root;
    private Snapshotter snapshots;

    @BeforeEach
    void open() {
        root = tmp.resolve("s");
        snapshots = Snapshotter.overlay(root);
    }

    @Test
    void whiteoutRoundTripThroughAMountGivesExactlyTheChanges() throws IOException {
        SnapshotInfo base = apply(null, tar().file("keep.txt", "keep").file("modify.txt", "old")
                .file("deleted.txt", "bye").dir("dir").file("dir/a.txt", "a").file("dir/b.txt", "b").build());
        Path mnt = mount(snapshots.prepare("c1", Digest.parse(base.name())));
        Files.writeString(mnt.resolve("modify.txt"), "new");
        Files.delete(mnt.resolve("deleted.txt"));
        Files.delete(mnt.resolve("dir/a.txt"));
        Files.delete(mnt.resolve("dir/b.txt"));
        Files.delete(mnt.resolve("dir"));
        Files.createDirectory(mnt.resolve("dir"));
        Files.writeString(mnt.resolve("added.txt"), "hello");
        unmount(mnt);

        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        Committed c = snapshots.commit("c1", layer, WriteOptions.plain(), true);
        assertThat(names(layer.toByteArray()))
                .containsExactly(".wh.deleted.txt", "added.txt", "dir/", "dir/.wh..wh..opq", "modify.txt");
        assertThat(c.chainId()).isEqualTo(ChainIds.next(Digest.parse(base.name()), c.layer().diffId()));
        assertThat(c.snapshot().kind()).isEqualTo(SnapshotKind.COMMITTED);
        assertThat(snapshots.stat("c1")).isEmpty();

        // the committed upper stacks like an unpacked layer
        Path view = mount(snapshots.view("v", c.chainId()));
        assertThat(list(view)).containsExactlyInAnyOrder("added.txt", "dir", "keep.txt", "modify.txt");
        assertThat(Files.readString(view.resolve("modify.txt"))).isEqualTo("new");
        assertThat(list(view.resolve("dir"))).isEmpty();
    }

    @Test
    void writingALowerFileThroughTheMountChangesOnlyTheUpperDir() throws IOException {
        SnapshotInfo base = apply(null, tar().file("f.txt", "lower").file("other.txt", "o").build());
        Digest parent = Digest.parse(base.name());
        Path mnt = mount(snapshots.prepare("rw", parent));
        Files.writeString(mnt.resolve("f.txt"), "upper");
        unmount(mnt);

        Path lower = mount(snapshots.view("lower", parent));
        assertThat(Files.readString(lower.resolve("f.txt"))).isEqualTo("lower");
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        snapshots.commit("rw", layer, WriteOptions.plain(), false);
        assertThat(names(layer.toByteArray())).containsExactly("f.txt");
        assertThat(snapshots.stat("rw").orElseThrow().kind()).isEqualTo(SnapshotKind.ACTIVE);
        assertThat(snapshots.usage("rw")).isEqualTo(new Usage("upper".length(), 2));
    }

    @Test
    void aSingleLayerViewIsAReadOnlyBindMount() throws IOException {
        SnapshotInfo base = apply(null, tar().file("f", "x").build());
        Mount m = snapshots.view("v", Digest.parse(base.name()));
        assertThat(m.type()).isEqualTo(Mount.BIND);
        assertThat(m.readOnly()).isTrue();
        Path mnt = mount(m);
        assertThat(Files.readString(mnt.resolve("f"))).isEqualTo("x");
        assertThatThrownBy(() -> Files.writeString(mnt.resolve("g"), "y"))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("Read-only file system");
    }

    @Test
    void anEmptyActiveSnapshotCommitsABaseLayer() throws IOException {
        Mount m = snapshots.prepare("scratch", null);
        assertThat(m.type()).isEqualTo(Mount.BIND);
        Path mnt = mount(m);
        Files.createDirectories(mnt.resolve("app"));
        Files.writeString(mnt.resolve("app/main"), "main");
        unmount(mnt);
        Committed c = snapshots.commit("scratch", new ByteArrayOutputStream(), WriteOptions.plain(), true);
        assertThat(c.chainId()).isEqualTo(c.layer().diffId());
        assertThat(snapshots.mergedView(c.chainId()).stat("/app/main").orElseThrow().size()).isEqualTo(4);
    }

    @Test
    void commitAndRemoveRefuseAMountedSnapshot() throws IOException {
        SnapshotInfo base = apply(null, tar().file("f", "x").build());
        mount(snapshots.prepare("busy", Digest.parse(base.name())));
        assertThatThrownBy(() -> snapshots.commit("busy", new ByteArrayOutputStream(), WriteOptions.plain(), true))
                .hasMessage("commit busy: the snapshot is still mounted");
        assertThatThrownBy(() -> snapshots.remove("busy")).hasMessage("remove busy: the snapshot is still mounted");
    }

    @Test
    void aLayerIsUnpackedOnlyOnce() {
        byte[] layer = tar().file("f", "x").build();
        Digest diffId = Digest.of(layer);
        SnapshotInfo first = snapshots.applyLayer(null, new ByteArrayInputStream(layer), diffId);
        SnapshotInfo again = snapshots.applyLayer(null, unreadable(), diffId);
        assertThat(again).isEqualTo(first);
        assertThat(snapshots.applyLayer(null, new ByteArrayInputStream(layer))).isEqualTo(first);
        assertThat(snapshots.list()).containsExactly(first);
        assertThat(snapshotDirs()).hasSize(1);
    }

    @Test
    void twoThreadsUnpackingTheSameLayerGetOneSnapshot() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            big.append("line ").append(i).append('\n');
        }
        TarBuilder b = tar();
        for (int i = 0; i < 200; i++) {
            b.file("dir/f" + i, big.toString());
        }
        byte[] layer = b.build();
        Digest diffId = Digest.of(layer);
        for (boolean withDiffId : new boolean[] {true, false}) {
            CountDownLatch go = new CountDownLatch(1);
            Callable<SnapshotInfo> unpack = () -> {
                go.await();
                return withDiffId ? snapshots.applyLayer(null, new ByteArrayInputStream(layer), diffId)
                        : snapshots.applyLayer(null, new ByteArrayInputStream(layer));
            };
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<SnapshotInfo> one = pool.submit(unpack);
                Future<SnapshotInfo> two = pool.submit(unpack);
                go.countDown();
                assertThat(one.get()).isEqualTo(two.get());
            }
            assertThat(snapshots.list()).hasSize(1);
            assertThat(snapshotDirs()).hasSize(1);
            snapshots.remove(diffId.toString());
        }
    }

    @Test
    void aHostileLayerLeavesNoSnapshot() {
        HostileLayerTest.samples().forEach((message, layer) -> {
            assertThatThrownBy(() -> snapshots.applyLayer(null, new ByteArrayInputStream(layer)))
                    .isInstanceOfSatisfying(LegendsException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                    .hasMessageStartingWith("apply layer: " + message);
            assertThat(snapshots.list()).isEmpty();
            assertThat(snapshotDirs()).as(message).isEmpty();
        });
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void parentsCannotBeRemovedBeforeTheirChildren() {
        SnapshotInfo base = apply(null, tar().file("a", "a").build());
        SnapshotInfo top = apply(Digest.parse(base.name()), tar().file("b", "b").build());
        snapshots.prepare("work", Digest.parse(top.name()));
        assertThatThrownBy(() -> snapshots.remove(base.name()))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessage("remove " + base.name() + ": 1 snapshot(s) have it as their parent");
        assertThat(snapshots.list()).extracting(SnapshotInfo::kind)
                .containsExactly(SnapshotKind.COMMITTED, SnapshotKind.COMMITTED, SnapshotKind.ACTIVE);
        assertThat(snapshots.usage(base.name())).isEqualTo(new Usage(1, 2));
        snapshots.remove("work");
        snapshots.remove(top.name());
        snapshots.remove(base.name());
        assertThat(snapshots.list()).isEmpty();
        assertThat(snapshotDirs()).isEmpty();
        assertThatThrownBy(() -> snapshots.remove("work")).hasMessage("snapshot work not found");
    }

    @Test
    void reopeningFindsTheSnapshotsAndSweepsUnfinishedOnes() throws IOException {
        SnapshotInfo base = apply(null, tar().file("a", "a").build());
        snapshots.prepare("work", Digest.parse(base.name()));
        Files.createDirectories(root.resolve("99/fs/half-unpacked"));
        Snapshotter reopened = Snapshotter.overlay(root);
        assertThat(reopened.list()).isEqualTo(snapshots.list());
        assertThat(root.resolve("99")).doesNotExist();
        assertThat(reopened.mounts("work")).isEqualTo(snapshots.mounts("work"));
    }

    @Test
    void tallStacksMountWithinOnePageOfOptionsAndBeyond() throws IOException {
        Digest parent = null;
        for (int i = 0; i < 100; i++) {
            parent = Digest.parse(apply(parent, tar().file("f" + i, Integer.toString(i)).build()).name());
        }
        Mount m = snapshots.view("tall", parent);
        assertThat(m.lowerDirs()).hasSize(100);
        Path mnt = mount(m);
        assertThat(list(mnt)).hasSize(100);
        assertThat(Files.readString(mnt.resolve("f0"))).isEqualTo("0");

        // past one page of options, the lower dirs go through fsconfig("lowerdir+") one by one
        for (int i = 100; i < 160; i++) {
            parent = Digest.parse(apply(parent, tar().file("f" + i, Integer.toString(i)).build()).name());
        }
        Mount taller = snapshots.prepare("taller", parent);
        assertThat(taller.options().length()).isGreaterThan(Mounts.MAX_OPTIONS);
        Path rw = mount(taller);
        assertThat(list(rw)).hasSize(160);
        assertThat(Files.readString(rw.resolve("f0"))).isEqualTo("0");
        Files.writeString(rw.resolve("f0"), "changed");
        unmount(rw);
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        snapshots.commit("taller", layer, WriteOptions.plain(), false);
        assertThat(names(layer.toByteArray())).containsExactly("f0");
    }

    private SnapshotInfo apply(Digest parent, byte[] layer) {
        return snapshots.applyLayer(parent, new ByteArrayInputStream(layer), Digest.of(layer));
    }

    private List<Path> snapshotDirs() {
        try (Stream<Path> s = Files.list(root)) {
            return s.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    static List<String> names(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static InputStream unreadable() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the blob must not be read");
            }
        };
    }
}
