package dev.legends.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.runtime.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named volumes: data that outlives containers, read-only mounts, in-use protection, prune, copy-up, anonymous ones. */
@Tag("runc")
class VolumesTest {
    @TempDir
    Path tmp;

    EngineFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new EngineFixture(tmp);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Volumes volumes() {
        return fx.engine.volumes();
    }

    private ExecResult exec(String ref, String script) {
        return fx.containers().exec(ref, List.of("sh", "-c", script), null, null, null);
    }

    @Test
    void dataWrittenThroughANamedVolumeOutlivesTheContainer() {
        ContainerInfo writer = fx.run(EngineFixture.busybox("sh", "-c", "echo kept > /data/file").volume("notes:/data"));
        assertThat(fx.containers().wait(writer.id(), Duration.ofSeconds(20))).hasValueSatisfying(x -> assertThat(x.exitCode()).isZero());
        assertThat(volumes().inspect("notes").usedBy()).containsExactly(writer.name());
        fx.containers().remove(writer.id(), false);

        VolumeInfo notes = volumes().inspect("notes");
        assertThat(notes.usedBy()).isEmpty();
        assertThat(notes.driver()).isEqualTo("local");
        assertThat(notes.mountpoint()).isEqualTo(fx.root.resolve("volumes/notes/_data"));
        assertThat(notes.mountpoint().resolve("file")).hasContent("kept");

        ContainerInfo reader = fx.run(EngineFixture.busybox("sleep", "1000").volume("notes:/data"));
        assertThat(exec(reader.id(), "cat /data/file").stdout()).isEqualTo("kept\n");
        assertThat(fx.containers().inspect(reader.id()).mounts()).containsExactly(
                new ContainerDetails.MountView("volume", "notes", notes.mountpoint(), "/data", true));
    }

    @Test
    void aReadOnlyVolumeRefusesWrites() {
        volumes().create("ro-data", Map.of("team", "a"));
        ContainerInfo c = fx.run(EngineFixture.busybox("sleep", "1000").volume("ro-data:/data:ro"));

        ExecResult write = exec(c.id(), "echo x > /data/file");
        assertThat(write.exitCode()).isNotZero();
        assertThat(write.stderr()).contains("Read-only file system");
        assertThat(volumes().inspect("ro-data").mountpoint()).isEmptyDirectory();
        assertThat(volumes().inspect("ro-data").labels()).containsEntry("team", "a");
        assertThat(fx.containers().inspect(c.id()).mounts()).singleElement().satisfies(m -> assertThat(m.rw()).isFalse());
    }

    @Test
    void aVolumeInUseCannotBeRemovedEvenForcedAndStaysAsItWas() throws Exception {
        ContainerInfo c = fx.run(EngineFixture.busybox("sh", "-c", "echo x > /data/file").volume("busy:/data"));
        fx.containers().wait(c.id(), Duration.ofSeconds(20));

        for (boolean force : List.of(false, true)) {
            assertThatThrownBy(() -> volumes().remove("busy", force))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                    .hasMessage("cannot remove volume busy: it is in use by container " + c.name() + ": remove the container first");
        }
        assertThat(Files.readString(volumes().inspect("busy").mountpoint().resolve("file"))).isEqualTo("x\n");

        fx.containers().remove(c.id(), false);
        volumes().remove("busy", false);
        assertThat(volumes().list()).isEmpty();
        assertThat(fx.root.resolve("volumes")).isEmptyDirectory();
        assertThatThrownBy(() -> volumes().remove("busy", false)).hasMessage("no such volume: busy");
        volumes().remove("busy", true); // -f: a missing one is no error
    }

    @Test
    void pruneRemovesOnlyVolumesNoContainerUses() throws Exception {
        volumes().create("used", Map.of());
        volumes().create("unused", Map.of());
        Files.writeString(volumes().inspect("unused").mountpoint().resolve("blob"), "x".repeat(5000));
        fx.run(EngineFixture.busybox("sleep", "1000").volume("used:/data"));

        Volumes.Pruned pruned = volumes().prune();

        assertThat(pruned.removed()).containsExactly("unused");
        assertThat(pruned.reclaimedBytes()).isEqualTo(5000);
        assertThat(volumes().list()).extracting(VolumeInfo::name).containsExactly("used");
        assertThat(fx.root.resolve("volumes/unused")).doesNotExist();
    }

    @Test
    void badNamesAreOneClearError() {
        assertThatThrownBy(() -> volumes().create("bad/name", Map.of()))
                .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("invalid volume name \"bad/name\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at most 255 characters");
        assertThatThrownBy(() -> volumes().create("-dash", Map.of())).hasMessageStartingWith("invalid volume name \"-dash\"");
        assertThatThrownBy(() -> fx.containers().run(EngineFixture.busybox("true").volume("a b:/data").build(), p -> { }))
                .hasMessageContaining("\"a b\" is not a volume name").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> fx.containers().run(EngineFixture.busybox("true").volume("data").build(), p -> { }))
                .hasMessageContaining("invalid volume data: expected");
        assertThat(volumes().create(null, Map.of()).name()).matches("[0-9a-f]{64}");
        assertThat(fx.containers().list(true)).isEmpty();
    }

    @Test
    void aNewVolumeIsFilledFromTheImageAndAnEmptyOneToo() {
        ContainerInfo c = fx.run(EngineFixture.busybox("sleep", "1000").volume("etc:/etc"));
        assertThat(exec(c.id(), "cat /etc/motd").stdout()).isEqualTo("from the image\n");
        assertThat(volumes().inspect("etc").mountpoint().resolve("motd")).hasContent("from the image");

        volumes().create("empty", Map.of());
        ContainerInfo d = fx.run(EngineFixture.busybox("sleep", "1000").volume("empty:/etc"));
        assertThat(exec(d.id(), "cat /etc/passwd").stdout()).startsWith("root:x:0:0");
    }

    @Test
    void anAnonymousVolumeGoesWithItsRmContainer() {
        ContainerInfo kept = fx.run(EngineFixture.busybox("sleep", "1000").volume("/scratch"));
        ContainerInfo gone = fx.run(EngineFixture.busybox("sleep", "1000").volume("/scratch").autoRemove(true));
        assertThat(volumes().list()).hasSize(2).allSatisfy(v -> assertThat(v.anonymous()).isTrue());
        assertThat(fx.containers().inspect(gone.id()).mounts()).singleElement()
                .satisfies(m -> assertThat(m.type()).isEqualTo("volume")).satisfies(m -> assertThat(m.name()).matches("[0-9a-f]{64}"));

        fx.containers().remove(gone.id(), true);
        fx.containers().remove(kept.id(), true);

        assertThat(volumes().list()).singleElement().satisfies(v -> assertThat(v.usedBy()).isEmpty());
    }

    @Test
    void engineStartRemovesHalfMadeVolumes() throws Exception {
        volumes().create("whole", Map.of());
        Files.createDirectories(fx.root.resolve("volumes/orphan/_data"));
        Files.createDirectories(fx.root.resolve("volumes/.tmp-cut-1234/_data"));
        Files.delete(fx.root.resolve("volumes/whole/_data"));

        fx.engine.close();
        fx.engine = fx.open();

        assertThat(fx.root.resolve("volumes/orphan")).doesNotExist();
        assertThat(fx.root.resolve("volumes/.tmp-cut-1234")).doesNotExist();
        assertThat(fx.root.resolve("volumes/whole/_data")).isEmptyDirectory();
    }
}
