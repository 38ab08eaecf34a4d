package dev.legends.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.Digest;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.TestImages;
import dev.legends.image.TestTars;
import dev.legends.image.oci.ContainerConfig;
import dev.legends.image.oci.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportRootfsTest {
    @TempDir
    Path root;

    private final byte[] rootfs = TestTars.tar().dir("bin").file("bin/app", "#!/bin/sh\necho hi\n").bytes();

    @Test
    void aRootfsBecomesAOneLayerImageWithTheChangesApplied() {
        ImageStore store = ImageStore.open(root);
        LoadedImage made = ImageArchives.importRootfs(store, new ByteArrayInputStream(rootfs), "app:imported", List.of(
                "CMD echo hello", "ENTRYPOINT [\"/bin/sh\", \"-c\"]", "ENV A=1 B=\"two words\"", "ENV C three words",
                "EXPOSE 8080 53/udp", "LABEL team=platform", "USER 1000:1000", "WORKDIR /srv", "VOLUME /data",
                "STOPSIGNAL SIGTERM"));

        Image image = store.resolve("app:imported");
        assertThat(image.id()).isEqualTo(made.id());
        assertThat(image.diffIds()).containsExactly(Digest.of(rootfs));
        assertThat(image.manifest().layers()).singleElement()
                .satisfies(l -> assertThat(l.mediaType()).isEqualTo(MediaTypes.OCI_LAYER));
        ContainerConfig c = image.config().runConfig();
        assertThat(c.cmd()).containsExactly("/bin/sh", "-c", "echo hello");
        assertThat(c.entrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(c.env()).containsExactly("A=1", "B=two words", "C=three words");
        assertThat(c.exposedPorts()).containsOnlyKeys("8080/tcp", "53/udp");
        assertThat(c.labels()).isEqualTo(Map.of("team", "platform"));
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.workingDir()).isEqualTo("/srv");
        assertThat(c.volumes()).containsOnlyKeys("/data");
        assertThat(c.stopSignal()).isEqualTo("SIGTERM");
        assertThat(image.config().history()).singleElement().satisfies(h -> assertThat(h.createdBy()).isEqualTo("import"));
        assertThat(image.config().os()).isEqualTo("linux");
        assertThat(image.created()).isNotNull();
        assertThat(TestImages.ingestFiles(root)).isEmpty();
    }

    @Test
    void aCompressedRootfsIsStoredUncompressed() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(rootfs);
        }
        ImageStore store = ImageStore.open(root);
        ImageArchives.importRootfs(store, new ByteArrayInputStream(gz.toByteArray()), null, List.of());
        assertThat(store.list()).singleElement().satisfies(r -> assertThat(r.tag()).isEqualTo("<none>"));
        assertThat(store.resolve(store.list().getFirst().id().toString()).diffIds()).containsExactly(Digest.of(rootfs));
    }

    @Test
    void badInputLeavesNothing() {
        ImageStore store = ImageStore.open(root);
        assertThatThrownBy(() -> ImageArchives.importRootfs(store, new ByteArrayInputStream(rootfs), "app", List.of("RUN make")))
                .hasMessage("import app: change \"RUN make\": unsupported; use CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME or WORKDIR");
        assertThatThrownBy(() -> ImageArchives.importRootfs(store, new ByteArrayInputStream("just text, no tar".repeat(64).getBytes()), "app", List.of()))
                .hasMessageStartingWith("import app: not a tar archive");
        assertThatThrownBy(() -> ImageArchives.importRootfs(store, new ByteArrayInputStream(rootfs), "Bad Name", List.of()))
                .hasMessageStartingWith("import Bad Name: invalid reference");
        assertThat(store.list()).isEmpty();
        assertThat(TestImages.ingestFiles(root)).isEmpty();
        assertThat(TestImages.blobFiles(root)).isEmpty();
    }
}
