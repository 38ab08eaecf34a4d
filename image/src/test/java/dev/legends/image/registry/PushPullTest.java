package dev.legends.image.registry;

import static dev.legends.image.registry.RegistryTests.importImage;
import static dev.legends.image.registry.RegistryTests.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.Image;
import dev.legends.image.ImageStore;
import dev.legends.image.TestImages;
import dev.legends.image.registry.BlobProgress.State;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Legends against the real docker-registry: what it pushes it pulls back identical, it transfers
 * no blob twice (HEAD finds it, a mount links it), and it tells missing names apart from failures.
 */
class PushPullTest {
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
    void anImagePushedComesBackWithTheSameIdManifestAndDiffIds() {
        String name = registry.host() + "/team/app:1.0";
        ImageStore source = ImageStore.open(dir.resolve("source"));
        importImage(source, name, 300_000, 1);
        Image pushed = source.resolve(name);
        RegistryTests.Recorder pushProgress = new RegistryTests.Recorder();

        PushResult push;
        try (RegistryClient client = RegistryClient.open(source, options(dir.resolve("source")))) {
            push = client.push(name, pushProgress);
        }

        assertThat(push.manifest()).isEqualTo(pushed.manifestDigest());
        assertThat(push.uploaded()).isEqualTo(pushed.size());
        assertThat(pushProgress.finalStates()).containsOnlyKeys(pushed.id(), pushed.manifest().layers().getFirst().digest())
                .allSatisfy((d, s) -> assertThat(s).isEqualTo(State.DONE));

        Path cleanRoot = dir.resolve("clean");
        ImageStore clean = ImageStore.open(cleanRoot);
        RegistryTests.Recorder pullProgress = new RegistryTests.Recorder();
        PullResult pull;
        try (RegistryClient client = RegistryClient.open(clean, options(cleanRoot))) {
            pull = client.pull(name, PlatformSpec.DEFAULT, pullProgress);
        }

        Image pulled = clean.resolve(name);
        assertThat(pulled.id()).isEqualTo(pushed.id());
        assertThat(pulled.manifestDigest()).isEqualTo(pushed.manifestDigest()).isEqualTo(pull.digest());
        assertThat(pulled.diffIds()).isEqualTo(pushed.diffIds());
        assertThat(pull.index()).isNull();
        assertThat(pull.downloaded()).isEqualTo(pushed.size());
        Digest layer = pushed.manifest().layers().getFirst().digest();
        assertThat(pullProgress.states(layer)).startsWith(State.WAITING, State.DOWNLOADING).endsWith(State.VERIFYING, State.DONE);
        assertThat(RegistryTests.ingestFiles(cleanRoot)).isEmpty();

        // the same pull again has every blob already
        RegistryTests.Recorder again = new RegistryTests.Recorder();
        try (RegistryClient client = RegistryClient.open(clean, options(cleanRoot))) {
            assertThat(client.pull(name, PlatformSpec.DEFAULT, again).downloaded()).isZero();
        }
        assertThat(again.finalStates().values()).containsOnly(State.EXISTS);
    }

    @Test
    void aSecondPushSendsNothingAndAnotherRepositoryMountsTheBlobs() throws Exception {
        String first = registry.host() + "/mount/first:v1";
        String second = registry.host() + "/mount/second:v1";
        Path root = dir.resolve("store");
        ImageStore store = ImageStore.open(root);
        Digest id = importImage(store, first, 200_000, 2);
        Image image = store.resolve(first);

        try (RegistryClient client = RegistryClient.open(store, options(root))) {
            client.push(first, ProgressListener.NONE);

            RegistryTests.Recorder again = new RegistryTests.Recorder();
            assertThat(client.push(first, again).uploaded()).isZero();
            assertThat(again.finalStates()).hasSize(2).allSatisfy((d, s) -> assertThat(s).isEqualTo(State.EXISTS));

            store.tag(first, second);
            RegistryTests.Recorder mounted = new RegistryTests.Recorder();
            PushResult result = client.push(second, mounted);
            assertThat(result.uploaded()).isZero();
            assertThat(mounted.finalStates()).hasSize(2).allSatisfy((d, s) -> assertThat(s).isEqualTo(State.MOUNTED));
            assertThat(mounted.events).noneMatch(e -> e.state() == State.UPLOADING);
        }
        // the source of each blob is remembered beside the content store
        JsonNode sources = Json.read(Files.readAllBytes(root.resolve("content").resolve(BlobSources.FILE)), JsonNode.class);
        assertThat(sources.has(id.toString())).isTrue();
        assertThat(sources.path(image.manifest().layers().getFirst().digest().toString()).valueStream().map(JsonNode::asText))
                .containsExactly(registry.host() + "/mount/second", registry.host() + "/mount/first");

        ImageStore clean = ImageStore.open(dir.resolve("clean"));
        try (RegistryClient client = RegistryClient.open(clean, options(dir.resolve("clean")))) {
            assertThat(client.pull(second, null, ProgressListener.NONE).id()).isEqualTo(id);
        }
    }

    @Test
    void largeBlobsGoUpInChunks() throws Exception {
        String name = registry.host() + "/chunked/app:v1";
        ImageStore store = ImageStore.open(dir.resolve("store"));
        Digest id = importImage(store, name, 1_000_000, 3);
        RegistryTests.Recorder progress = new RegistryTests.Recorder();
        try (RegistryClient client = RegistryClient.open(store, options(dir.resolve("store")).withChunkSize(256 * 1024))) {
            client.push(name, progress);
        }
        // a ~1 MB layer in 256 KiB chunks: four PATCHes, then the PUT that closes the upload
        assertThat(registry.requests("PATCH", "/v2/chunked/app/blobs/uploads/")).isEqualTo(4);
        assertThat(progress.finalStates().values()).containsOnly(State.DONE);

        ImageStore clean = ImageStore.open(dir.resolve("clean"));
        try (RegistryClient client = RegistryClient.open(clean, options(dir.resolve("clean")))) {
            assertThat(client.pull(name, null, ProgressListener.NONE).id()).isEqualTo(id);
        }
        assertThat(clean.resolve(name).diffIds()).isEqualTo(store.resolve(name).diffIds());
    }

    @Test
    void unknownTagsAndRepositoriesAreNotFoundAndLeaveNothing() {
        String known = registry.host() + "/known/app:v1";
        ImageStore source = ImageStore.open(dir.resolve("source"));
        importImage(source, known, 1000, 4);
        Path root = dir.resolve("clean");
        ImageStore clean = ImageStore.open(root);
        try (RegistryClient client = RegistryClient.open(source, options(dir.resolve("source")));
                RegistryClient puller = RegistryClient.open(clean, options(root))) {
            client.push(known, ProgressListener.NONE);

            String tag = registry.host() + "/known/app:nope";
            assertThatThrownBy(() -> puller.pull(tag, null, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                    .hasMessage("pull " + tag + ": manifest unknown (not found)");
            String repo = registry.host() + "/no/such/repo:v1";
            assertThatThrownBy(() -> puller.pull(repo, null, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                    .hasMessageStartingWith("pull " + repo + ": ").hasMessageEndingWith("(not found)");
            String digest = registry.host() + "/known/app@sha256:" + "0".repeat(64);
            assertThatThrownBy(() -> puller.pull(digest, null, ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
            assertThatThrownBy(() -> client.push(registry.host() + "/known/app:not-local", ProgressListener.NONE))
                    .isInstanceOfSatisfying(LegendsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        }
        assertThat(clean.list()).isEmpty();
        assertThat(TestImages.blobFiles(root)).isEmpty();
        assertThat(RegistryTests.ingestFiles(root)).isEmpty();
    }
}
