package dev.legends.image.registry;

import static dev.legends.image.registry.RegistryTests.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.NewImage;
import dev.legends.image.Reference;
import dev.legends.image.StagedBlob;
import dev.legends.image.TestTars;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.oci.History;
import dev.legends.image.oci.ImageConfig;
import dev.legends.image.oci.ImageIndex;
import dev.legends.image.oci.Manifest;
import dev.legends.image.oci.MediaTypes;
import dev.legends.image.oci.Platform;
import dev.legends.image.oci.RootFs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multi-platform image: an OCI index over an amd64 and an arm64 manifest, pulled per platform. */
class ImageIndexTest {
    @TempDir
    static Path registryDir;
    static TestRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        assumeTrue(Files.isExecutable(TestRegistry.BINARY), "docker-registry is not installed");
        registry = TestRegistry.start(registryDir, null, null);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void anIndexResolvesToAmd64ByDefaultAndToArm64WhenAskedFor() throws Exception {
        String repo = registry.host() + "/multi/app";
        Path root = dir.resolve("source");
        ImageStore source = ImageStore.open(root);
        Image amd64 = image(source, repo + ":amd64", "amd64", null);
        Image arm64 = image(source, repo + ":arm64", "arm64", "v8");
        try (RegistryClient client = RegistryClient.open(source, options(root))) {
            client.push(repo + ":amd64", ProgressListener.NONE);
            client.push(repo + ":arm64", ProgressListener.NONE);
        }
        ImageIndex index = ImageIndex.of(List.of(
                amd64.manifestDescriptor().withPlatform(new Platform("amd64", "linux", null, null, null)),
                arm64.manifestDescriptor().withPlatform(new Platform("arm64", "linux", null, null, "v8"))));
        byte[] indexBytes = Json.bytes(index);
        putManifest("multi/app", "1.0", MediaTypes.OCI_INDEX, indexBytes);

        ImageStore clean = ImageStore.open(dir.resolve("clean"));
        try (RegistryClient client = RegistryClient.open(clean, options(dir.resolve("clean")))) {
            PullResult byDefault = client.pull(repo + ":1.0", null, ProgressListener.NONE);
            assertThat(byDefault.id()).isEqualTo(amd64.id());
            assertThat(byDefault.manifest()).isEqualTo(amd64.manifestDigest());
            assertThat(byDefault.index()).isEqualTo(Digest.of(indexBytes)).isEqualTo(byDefault.digest());
            assertThat(clean.resolve(repo + ":1.0").config().architecture()).isEqualTo("amd64");

            PullResult asked = client.pull(repo + ":1.0", PlatformSpec.parse("linux/arm64"), ProgressListener.NONE);
            assertThat(asked.id()).isEqualTo(arm64.id());
            assertThat(clean.resolve(repo + ":1.0").id()).isEqualTo(arm64.id());
            assertThat(client.pull(repo + ":1.0", PlatformSpec.parse("linux/arm64/v8"), ProgressListener.NONE).id())
                    .isEqualTo(arm64.id());

            // by the index's digest: stored under the digest of the manifest it resolved to
            PullResult byDigest = client.pull(repo + "@" + Digest.of(indexBytes), null, ProgressListener.NONE);
            assertThat(byDigest.reference().digest()).isEqualTo(amd64.manifestDigest());
            assertThat(clean.resolve(byDigest.reference().toString()).id()).isEqualTo(amd64.id());

            // the same two manifests in a Docker manifest list, as docker buildx pushes them
            ImageIndex list = new ImageIndex(2, MediaTypes.DOCKER_MANIFEST_LIST, null, index.manifests(), null, null, null);
            putManifest("multi/app", "docker", MediaTypes.DOCKER_MANIFEST_LIST, Json.bytes(list));
            assertThat(client.pull(repo + ":docker", PlatformSpec.parse("linux/arm64"), ProgressListener.NONE).id())
                    .isEqualTo(arm64.id());

            assertThatThrownBy(() -> client.pull(repo + ":1.0", PlatformSpec.parse("linux/s390x"), ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                    .hasMessage("pull " + repo + ":1.0: no manifest for linux/s390x in index " + Digest.of(indexBytes)
                            + " (it has linux/amd64, linux/arm64/v8)");
        }
    }

    /** An image for {@code arch}, made directly (import always makes one for the host). */
    private static Image image(ImageStore store, String name, String arch, String variant) {
        byte[] layer = TestTars.tar().dir("etc").file("etc/arch", arch + "\n").bytes();
        StagedBlob layerBlob = store.content().stage(layer);
        ImageConfig config = new ImageConfig("2024-01-01T00:00:00Z", null, arch, "linux", null, variant, null,
                RootFs.layers(List.of(layerBlob.digest())), List.of(new History(null, "test " + arch, null, null, null)));
        StagedBlob configBlob = store.content().stage(Json.bytes(config));
        Manifest manifest = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, configBlob.digest(), configBlob.size()),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER, layerBlob.digest(), layerBlob.size())));
        StagedBlob manifestBlob = store.content().stage(Json.bytes(manifest));
        store.add(List.of(layerBlob, configBlob, manifestBlob), List.of(new NewImage(
                Descriptor.of(MediaTypes.OCI_MANIFEST, manifestBlob.digest(), manifestBlob.size()), List.of(Reference.parse(name)))));
        return store.resolve(name);
    }

    private static void putManifest(String path, String tag, String mediaType, byte[] bytes) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://" + registry.host() + "/v2/" + path + "/manifests/" + tag))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", mediaType).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }
}
