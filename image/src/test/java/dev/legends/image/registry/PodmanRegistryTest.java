package dev.legends.image.registry;

import static dev.legends.image.registry.RegistryTests.options;
import static dev.legends.image.Podman.ok;
import static dev.legends.image.Podman.podman;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.image.Podman;
import dev.legends.core.Json;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.archive.ImageArchives;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images travel through a real registry between podman and Legends, both ways, and arrive as the
 * same image: same id (config digest) and diff ids. Podman images a test makes are removed after it.
 */
class PodmanRegistryTest {

    @TempDir
    static Path registryDir;
    static TestRegistry registry;

    @TempDir
    Path dir;
    private final List<String> podmanImages = new ArrayList<>();
    private String unique;
    private byte[] rootfs;


    @BeforeAll
    static void startRegistry() throws Exception {
        assumeTrue(Files.isExecutable(Podman.BINARY), "podman is not installed");
        assumeTrue(Files.isExecutable(TestRegistry.BINARY), "docker-registry is not installed");
        registry = TestRegistry.start(registryDir, null, null);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
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
    void podmanPushesAndLegendsPullsTheSameImage() throws Exception {
        String local = "localhost/" + unique + ":src";
        String remote = registry.host() + "/podman/" + unique + ":v1";
        Path tar = dir.resolve("rootfs.tar");
        Files.write(tar, rootfs);
        podmanImages.add(local);
        ok(podman("import", "--change", "CMD [\"/bin/sh\"]", tar.toString(), local));
        ok(podman("--runtime", "runc", "push", "--tls-verify=false", local, "docker://" + remote));
        JsonNode inspect = inspect(local);

        ImageStore store = ImageStore.open(dir.resolve("legends"));
        try (RegistryClient client = RegistryClient.open(store, options(dir.resolve("legends")))) {
            PullResult pulled = client.pull(remote, null, ProgressListener.NONE);
            assertThat(pulled.id().hex()).isEqualTo(inspect.path("Id").asText());
        }
        Image image = store.resolve(remote);
        assertThat(image.diffIds()).extracting(Object::toString).containsExactlyElementsOf(layers(inspect));
        assertThat(image.config().runConfig().cmd()).containsExactly("/bin/sh");
    }

    @Test
    void legendsPushesAndPodmanPullsTheSameImage() throws Exception {
        String remote = registry.host() + "/legends/" + unique + ":v1";
        ImageStore store = ImageStore.open(dir.resolve("legends"));
        ImageArchives.importRootfs(store, new ByteArrayInputStream(rootfs), remote, List.of("CMD [\"/bin/echo\", \"hi\"]"));
        Image image = store.resolve(remote);
        try (RegistryClient client = RegistryClient.open(store, options(dir.resolve("legends")))) {
            client.push(remote, ProgressListener.NONE);
        }

        podmanImages.add(remote);
        podmanImages.add(image.id().hex()); // in case podman stored it under another name
        ok(podman("pull", "--tls-verify=false", remote));
        JsonNode inspect = inspect(remote);
        assertThat(inspect.path("Id").asText()).isEqualTo(image.id().hex());
        assertThat(layers(inspect)).containsExactlyElementsOf(image.diffIds().stream().map(Object::toString).toList());
        assertThat(inspect.path("Digest").asText()).isEqualTo(image.manifestDigest().toString());
    }

    private static List<String> layers(JsonNode inspect) {
        return inspect.path("RootFS").path("Layers").valueStream().map(JsonNode::asText).toList();
    }

    private static JsonNode inspect(String name) throws Exception {
        return Json.read(ok(podman("image", "inspect", name)).getBytes(StandardCharsets.UTF_8), JsonNode.class).get(0);
    }
}
