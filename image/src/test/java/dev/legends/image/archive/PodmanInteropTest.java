package dev.legends.image.archive;

import static dev.legends.image.Podman.ok;
import static dev.legends.image.Podman.podman;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.image.Podman;
import dev.legends.core.Json;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.Reference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives travel both ways between podman and Legends, for real: podman's saves load into Legends
 * with the same config and diff ids podman reports, and Legends' saves load into podman and run.
 * Every podman image a test makes is removed after it, also when it fails.
 */
class PodmanInteropTest {

    @TempDir
    Path dir;

    private final List<String> podmanImages = new ArrayList<>();
    private String unique;
    private byte[] rootfs;


    @BeforeAll
    static void podmanIsInstalled() {
        assumeTrue(Files.isExecutable(Podman.BINARY), "podman is not installed");
    }

    @BeforeEach
    void aBusyboxRootfs() throws IOException {
        unique = Podman.uniqueName();
        rootfs = Podman.busyboxRootfs();
    }

    @AfterEach
    void removePodmanImages() throws Exception {
        Podman.removeImages(podmanImages);
    }

    @Test
    void podmanArchivesLoadIntoLegendsWithTheSameConfigAndDiffIds() throws Exception {
        String name = "localhost/" + unique + ":src";
        Path tar = dir.resolve("rootfs.tar");
        Files.write(tar, rootfs);
        podmanImages.add(name);
        ok(podman("import", "--change", "CMD [\"/bin/sh\", \"-c\", \"echo hi\"]", "--change", "ENV FOO=bar", tar.toString(), name));
        JsonNode inspect = Json.read(ok(podman("image", "inspect", name)).getBytes(StandardCharsets.UTF_8), JsonNode.class).get(0);

        for (String format : List.of("docker-archive", "oci-archive")) {
            Path archive = dir.resolve(format + ".tar");
            ok(podman("save", "--format", format, "-o", archive.toString(), name));
            ImageStore store = ImageStore.open(dir.resolve(format));

            List<LoadedImage> loaded = ImageArchives.load(store, archive);

            assertThat(loaded).as(format).singleElement()
                    .satisfies(l -> assertThat(l.references()).extracting(Reference::toString).containsExactly(name));
            Image image = store.resolve(name);
            assertThat(image.id().hex()).as(format).isEqualTo(inspect.path("Id").asText());
            JsonNode config = Json.read(store.content().read(image.id(), 1 << 20), JsonNode.class);
            assertThat(config.path("config").path("Cmd")).as(format).isEqualTo(inspect.path("Config").path("Cmd"));
            assertThat(config.path("config").path("Env")).as(format).isEqualTo(inspect.path("Config").path("Env"));
            assertThat(image.config().runConfig().cmd()).containsExactly("/bin/sh", "-c", "echo hi");
            assertThat(image.diffIds()).as(format).extracting(Object::toString)
                    .containsExactlyElementsOf(inspect.path("RootFS").path("Layers").valueStream().map(JsonNode::asText).toList());
        }

        // podman's oci-archive holds a gzip layer: saving it as a docker-archive decompresses it
        ImageStore fromOci = ImageStore.open(dir.resolve("oci-archive"));
        Path resaved = dir.resolve("resaved.tar");
        ImageArchives.save(fromOci, List.of(name), resaved, ArchiveFormat.DOCKER_ARCHIVE);
        ImageStore again = ImageStore.open(dir.resolve("again"));
        ImageArchives.load(again, resaved);
        assertThat(again.resolve(name).diffIds()).isEqualTo(fromOci.resolve(name).diffIds());
    }

    @Test
    void legendsArchivesLoadIntoPodmanAndRun() throws Exception {
        ImageStore store = ImageStore.open(dir.resolve("legends"));
        for (ArchiveFormat format : ArchiveFormat.values()) {
            String name = "localhost/" + unique + "-" + format.cliName() + ":v1";
            LoadedImage made = ImageArchives.importRootfs(store, new ByteArrayInputStream(rootfs), name,
                    List.of("CMD [\"/bin/echo\", \"from-cmd\"]", "ENV GREETING=hello"));
            Path archive = dir.resolve(format.cliName() + ".tar");
            ImageArchives.save(store, List.of(name), archive, format);

            podmanImages.add(name);
            podmanImages.add(made.id().hex()); // in case podman stored it under another name
            ok(podman("load", "-i", archive.toString()));

            JsonNode inspect = Json.read(ok(podman("image", "inspect", name)).getBytes(StandardCharsets.UTF_8), JsonNode.class).get(0);
            assertThat(inspect.path("RepoTags").valueStream().map(JsonNode::asText)).as(format.cliName()).contains(name);
            assertThat(inspect.path("Id").asText()).as(format.cliName()).isEqualTo(made.id().hex());
            String hello = ok(podman("run", "--rm", "--runtime", "runc", "--network", "none",
                    "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", name, "/bin/echo", "hello"));
            assertThat(hello.strip()).as(format.cliName()).isEqualTo("hello");
            String cmd = ok(podman("run", "--rm", "--runtime", "runc", "--network", "none",
                    "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", name));
            assertThat(cmd.strip()).as(format.cliName()).isEqualTo("from-cmd");
        }
    }
}
