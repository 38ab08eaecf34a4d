package dev.legends.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    @TempDir
    Path root;

    private static byte[] layer(String file, String content) {
        return TestTars.tar().dir("etc").file("etc/" + file, content).bytes();
    }

    private static ErrorKind kind(Throwable e) {
        return ((LegendsException) e).kind();
    }

    @Test
    void resolvesByNameShortNameIdAndIdPrefix() {
        ImageStore store = ImageStore.open(root);
        Digest id = TestImages.add(store, "busybox:1.36", List.of(layer("a", "1")));
        Image image = store.resolve("busybox:1.36");
        assertThat(image.id()).isEqualTo(id);
        assertThat(image.references()).extracting(Reference::toString).containsExactly("docker.io/library/busybox:1.36");
        assertThat(store.resolve("docker.io/library/busybox:1.36").id()).isEqualTo(id);
        assertThat(store.resolve(id.toString()).id()).isEqualTo(id);
        assertThat(store.resolve(id.hex()).id()).isEqualTo(id);
        assertThat(store.resolve(id.shortHex()).id()).isEqualTo(id);
        assertThat(store.resolve("sha256:" + id.hex().substring(0, 8)).id()).isEqualTo(id);
        assertThat(store.resolve("busybox@" + image.manifestDigest()).id()).isEqualTo(id);
        assertThatThrownBy(() -> store.resolve("other@" + image.manifestDigest()))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> store.resolve("busybox"))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("no such image: busybox");
    }

    @Test
    void anAmbiguousIdPrefixIsRefused() {
        ImageStore store = ImageStore.open(root);
        List<Digest> ids = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            ids.add(TestImages.add(store, "app:" + i, List.of(layer("a", "v" + i))));
        }
        // among 17 ids two share a first hex digit (there are 16)
        String prefix = ids.stream().map(d -> d.hex().substring(0, 1))
                .filter(p -> ids.stream().filter(d -> d.hex().startsWith(p)).count() > 1).findFirst().orElseThrow();
        assertThatThrownBy(() -> store.resolve("sha256:" + prefix))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("is ambiguous");
    }

    @Test
    void theIndexHoldsFullNamesAsOciRefNameAnnotations() throws IOException {
        ImageStore store = ImageStore.open(root);
        TestImages.add(store, "localhost:5000/team/app:v1", List.of(layer("a", "1")));
        JsonNode index = Json.read(Files.readAllBytes(root.resolve("content/index.json")), JsonNode.class);
        assertThat(index.path("manifests")).hasSize(1);
        assertThat(index.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name").asText())
                .isEqualTo("localhost:5000/team/app:v1");
    }

    @Test
    void unknownFieldsInIndexJsonSurviveAnUpdate() throws IOException {
        ImageStore store = ImageStore.open(root);
        TestImages.add(store, "app:v1", List.of(layer("a", "1")));
        Path file = root.resolve("content/index.json");
        ObjectNode index = (ObjectNode) Json.read(Files.readAllBytes(file), JsonNode.class);
        index.put("x-tool", "kept");
        ((ObjectNode) index.path("manifests").get(0)).put("x-entry", 42);
        Files.write(file, Json.bytes(index));

        store.tag("app:v1", "app:v2");

        JsonNode after = Json.read(Files.readAllBytes(file), JsonNode.class);
        assertThat(after.path("x-tool").asText()).isEqualTo("kept");
        assertThat(after.path("manifests").get(0).path("x-entry").asInt()).isEqualTo(42);
    }

    @Test
    void tagMovesANameAndUntagRemovesIt() {
        ImageStore store = ImageStore.open(root);
        Digest one = TestImages.add(store, "app:v1", List.of(layer("a", "1")));
        Digest two = TestImages.add(store, "app:v2", List.of(layer("a", "2")));
        store.tag("app:v1", "app:latest");
        assertThat(store.resolve("app").id()).isEqualTo(one);
        store.tag(two.shortHex(), "app:latest");
        assertThat(store.resolve("app").id()).isEqualTo(two);
        assertThat(store.resolve("app:v1").references()).extracting(Reference::familiar).containsExactly("app:v1");

        assertThat(store.untag("app:latest").familiar()).isEqualTo("app:latest");
        assertThatThrownBy(() -> store.resolve("app")).hasMessage("no such image: app");
        assertThatThrownBy(() -> store.untag("app:latest"))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> store.tag("nope", "app:x")).hasMessage("tag app:x: no such image: nope");
    }

    @Test
    void listShowsOneRowPerNameNewestFirst() {
        ImageStore store = ImageStore.open(root);
        TestImages.add(store, "old:1", List.of(layer("a", "1")), List.of(), "2020-01-01T00:00:00Z");
        Digest fresh = TestImages.add(store, "new:1", List.of(layer("a", "2")), List.of(), "2024-05-01T10:00:00Z");
        store.tag("new:1", "new:2");
        List<ImageSummary> rows = store.list();
        assertThat(rows).extracting(r -> r.repository() + ":" + r.tag()).containsExactly("new:1", "new:2", "old:1");
        assertThat(rows.getFirst().id()).isEqualTo(fresh);
        assertThat(rows.getFirst().created()).hasToString("2024-05-01T10:00:00Z");
        assertThat(rows.getFirst().size()).isEqualTo(store.resolve("new:1").size()).isPositive();
    }

    @Test
    void removeByNameUntagsAndTheLastNameTakesTheImage() {
        ImageStore store = ImageStore.open(root);
        Digest id = TestImages.add(store, "app:v1", List.of(layer("a", "1")));
        store.tag("app:v1", "app:v2");
        RemoveResult first = store.remove("app:v1", false);
        assertThat(first.untagged()).extracting(Reference::familiar).containsExactly("app:v1");
        assertThat(first.deleted()).isNull();
        RemoveResult last = store.remove("app:v2", false);
        assertThat(last.deleted()).isEqualTo(id);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void removeByIdRefusesAnImageInTwoRepositoriesUnlessForced() {
        ImageStore store = ImageStore.open(root);
        Digest id = TestImages.add(store, "app:v1", List.of(layer("a", "1")));
        store.tag("app:v1", "app:v2");
        store.tag("app:v1", "other/app:v1");
        assertThatThrownBy(() -> store.remove(id.shortHex(), false))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessage("remove image " + id.shortHex() + ": it is referenced in multiple repositories "
                        + "(docker.io/library/app, docker.io/other/app); remove it by name, or force");
        assertThat(store.list()).hasSize(3);
        RemoveResult forced = store.remove(id.shortHex(), true);
        assertThat(forced.untagged()).hasSize(3);
        assertThat(forced.deleted()).isEqualTo(id);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void removeByIdOfAnImageTaggedInOneRepositoryNeedsNoForce() {
        ImageStore store = ImageStore.open(root);
        Digest id = TestImages.add(store, "app:v1", List.of(layer("a", "1")));
        store.tag("app:v1", "app:v2");
        assertThat(store.remove(id.toString(), false).untagged()).hasSize(2);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void pruneKeepsWhatImagesReachAndFreesTheRest() {
        ImageStore store = ImageStore.open(root);
        byte[] shared = layer("shared", "base");
        TestImages.add(store, "keep:1", List.of(shared, layer("k", "keep")));
        TestImages.add(store, "drop:1", List.of(shared, layer("d", "drop-me")));
        Image kept = store.resolve("keep:1");
        Image dropped = store.resolve("drop:1");
        Digest stray;
        try (StagedBlob b = store.content().stage("stray".getBytes())) {
            stray = store.content().commit(b);
        }
        store.remove("drop:1", false);

        PruneResult result = store.prune();

        long droppedLayer = dropped.manifest().layers().get(1).size();
        long expectedFreed = dropped.manifestDescriptor().size() + dropped.manifest().config().size() + droppedLayer + 5;
        assertThat(result.removed()).containsExactlyInAnyOrder(dropped.manifestDigest(),
                dropped.manifest().config().digest(), dropped.manifest().layers().get(1).digest(), stray);
        assertThat(result.freedBytes()).isEqualTo(expectedFreed);
        ContentStore content = store.content();
        assertThat(content.contains(kept.manifestDigest())).isTrue();
        assertThat(content.contains(kept.manifest().config().digest())).isTrue();
        kept.manifest().layers().forEach(l -> assertThat(content.contains(l.digest())).isTrue());
        assertThat(store.resolve("keep:1").id()).isEqualTo(kept.id());
        assertThat(store.prune().removed()).isEmpty();
    }

    @Test
    void addRefusesAnImageWhoseBlobsAreMissing() {
        ImageStore store = ImageStore.open(root);
        Digest id = TestImages.add(store, "app:v1", List.of(layer("a", "1")));
        Image image = store.resolve(id.toString());
        store.remove("app:v1", false);
        store.prune();
        assertThatThrownBy(() -> store.add(List.of(), List.of(new NewImage(image.manifestDescriptor(), List.of(Reference.parse("app:v1"))))))
                .isInstanceOf(LegendsException.class);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void concurrentTaggingFromManyThreadsLosesNoName() throws Exception {
        ImageStore store = ImageStore.open(root);
        TestImages.add(store, "app:base", List.of(layer("a", "1")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                // a second store instance on the same root behaves like another process's
                ImageStore other = n % 2 == 0 ? store : ImageStore.open(root);
                jobs.add(pool.submit(() -> other.tag("app:base", "app:t" + n)));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list()).hasSize(21);
    }
}
