package dev.legends.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.ImageStore;
import dev.legends.image.TestImages;
import dev.legends.image.TestTars;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile archives are refused with one line naming the problem, and leave the target
 * store exactly as it was: the name it already had, no new blob, no ingest file.
 */
class HostileArchiveTest {
    @TempDir
    Path dir;

    ImageStore target;
    Digest existing;
    Digest layer;
    byte[] docker;
    byte[] oci;
    int blobsBefore;

    @BeforeEach
    void archivesOfAnImageNamedLikeOneTheTargetHas() {
        ImageStore source = ImageStore.open(dir.resolve("source"));
        TestImages.add(source, "app:v1", List.of(TestTars.tar().dir("data").file("data/big", 200_000).bytes()));
        layer = source.resolve("app:v1").diffIds().getFirst();
        docker = save(source, ArchiveFormat.DOCKER_ARCHIVE);
        oci = save(source, ArchiveFormat.OCI_ARCHIVE);
        target = ImageStore.open(dir.resolve("target"));
        existing = TestImages.add(target, "app:v1", List.of(TestTars.tar().file("old", "old").bytes()));
        blobsBefore = TestImages.blobFiles(dir.resolve("target")).size();
    }

    @AfterEach
    void theTargetIsUnchanged() {
        assertThat(target.resolve("app:v1").id()).isEqualTo(existing);
        assertThat(target.list()).hasSize(1);
        assertThat(TestImages.ingestFiles(dir.resolve("target"))).isEmpty();
        assertThat(TestImages.blobFiles(dir.resolve("target"))).hasSize(blobsBefore);
    }

    private static byte[] save(ImageStore store, ArchiveFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageArchives.save(store, List.of("app:v1"), out, format);
        return out.toByteArray();
    }

    private void refused(byte[] archive, String message) {
        refused(new ByteArrayInputStream(archive), message);
    }

    private void refused(InputStream archive, String message) {
        assertThatThrownBy(() -> ImageArchives.load(target, archive, "evil.tar"))
                .isInstanceOf(LegendsException.class)
                .satisfies(e -> assertThat(((LegendsException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageStartingWith("load evil.tar: ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anEntryClimbingOutWithDotDot() {
        refused(TarEdit.prepend(docker, TarEdit.file("../../etc/cron.d/evil", "x".getBytes())),
                "entry ../../etc/cron.d/evil: unsafe path");
    }

    @Test
    void anAbsoluteEntryName() {
        refused(TarEdit.prepend(oci, TarEdit.file("/etc/passwd", "x".getBytes())), "entry /etc/passwd: unsafe path");
    }

    @Test
    void aSymlinkPointingOutOfTheArchive() {
        refused(TarEdit.prepend(docker, TarEdit.symlink("layer/layer.tar", "../../../etc/shadow")),
                "entry layer/layer.tar -> ../../../etc/shadow: unsafe path");
    }

    @Test
    void aMissingBlobInAnOciArchive() {
        refused(TarEdit.edit(oci, e -> e.name().endsWith(layer.hex()) ? null : e),
                "blob " + layer + ": missing from the archive");
    }

    @Test
    void aMissingLayerInADockerArchive() {
        refused(TarEdit.edit(docker, e -> e.name().equals(layer.hex() + ".tar") ? null : e),
                layer.hex() + ".tar (listed in manifest.json) is missing from the archive");
    }

    @Test
    void aBlobWhoseContentIsNotItsName() {
        refused(TarEdit.edit(oci, e -> e.name().endsWith(layer.hex()) ? e.withContent(flipped(e.content())) : e),
                "blob " + layer + ": digest mismatch");
    }

    @Test
    void aDockerLayerThatIsNotItsDiffId() {
        refused(TarEdit.edit(docker, e -> e.name().equals(layer.hex() + ".tar") ? e.withContent(flipped(e.content())) : e),
                "layer " + layer.hex() + ".tar: digest mismatch");
    }

    @Test
    void aTruncatedArchive() {
        refused(Arrays.copyOf(docker, docker.length / 2), "truncated archive");
    }

    @Test
    void aMalformedManifestJson() {
        refused(TarEdit.edit(docker, e -> e.name().equals("manifest.json") ? e.withContent("[{\"Config\": ".getBytes()) : e),
                "manifest.json: malformed JSON");
        refused(TarEdit.edit(docker, e -> e.name().equals("manifest.json") ? e.withContent("{}".getBytes()) : e),
                "manifest.json: malformed JSON");
        refused(TarEdit.edit(docker, e -> e.name().equals("manifest.json") ? e.withContent("[]".getBytes()) : e),
                "manifest.json: lists no images");
    }

    @Test
    void aBadNameInManifestJson() {
        refused(TarEdit.edit(docker, e -> e.name().equals("manifest.json")
                        ? e.withContent(new String(e.content(), StandardCharsets.UTF_8).replace("app:v1", "App:v1").getBytes()) : e),
                "manifest.json: invalid reference \"App:v1\"");
    }

    @Test
    void somethingThatIsNotAnImageArchive() {
        refused(TestTars.tar().file("hello.txt", "hi").bytes(), "not an image archive");
        byte[] junk = new byte[4096];
        Arrays.fill(junk, (byte) 'x');
        refused(junk, "not a valid tar archive");
    }

    @Test
    void aStreamThatFailsMidway() {
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(docker)) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > docker.length / 2) {
                    throw new IOException("connection reset by peer");
                }
                int n = super.read(b, off, Math.min(len, 8192));
                read += Math.max(n, 0);
                return n;
            }
        };
        refused(failing, "read failed: connection reset by peer");
    }

    private static byte[] flipped(byte[] content) {
        byte[] c = content.clone();
        c[c.length / 2] ^= 0x20;
        return c;
    }
}
