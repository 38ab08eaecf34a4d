package dev.legends.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
    @TempDir
    Path root;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void theContentDirectoryIsAnOciImageLayout() throws IOException {
        ContentStore store = ContentStore.open(root);
        Path dir = root.resolve("content");
        assertThat(store.directory()).isEqualTo(dir.toAbsolutePath());
        JsonNode layout = Json.read(Files.readAllBytes(dir.resolve("oci-layout")), JsonNode.class);
        assertThat(layout.path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
        JsonNode index = Json.read(Files.readAllBytes(dir.resolve("index.json")), JsonNode.class);
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("manifests").isArray()).isTrue();
        assertThat(dir.resolve("blobs/sha256")).isDirectory();
    }

    @Test
    void aBlobIsInvisibleUntilCommittedAndThenReadBack() throws IOException {
        ContentStore store = ContentStore.open(root);
        byte[] content = random(3 << 20, 1);
        Digest digest = Digest.of(content);
        try (StagedBlob staged = store.stage(new ByteArrayInputStream(content), digest, content.length)) {
            assertThat(staged.digest()).isEqualTo(digest);
            assertThat(store.contains(digest)).isFalse();
            store.commit(staged);
        }
        assertThat(store.contains(digest)).isTrue();
        assertThat(store.size(digest)).isEqualTo(content.length);
        assertThat(root.resolve("content/blobs/sha256/" + digest.hex())).exists();
        try (InputStream in = store.open(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(TestImages.ingestFiles(root)).isEmpty();
    }

    @Test
    void aWriteWithTheWrongDigestOrSizeIsRefusedAndLeavesNothing() {
        ContentStore store = ContentStore.open(root);
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        Digest other = Digest.of("other".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(content), other, -1))
                .isInstanceOf(LegendsException.class)
                .hasMessage("blob " + other + ": digest mismatch (content is " + Digest.of(content) + ")");
        assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(content), null, 4))
                .hasMessageContaining("size mismatch");
        assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(content), null, 6))
                .hasMessageContaining("size mismatch: expected 6 bytes, got 5");
        assertThat(TestImages.ingestFiles(root)).isEmpty();
        assertThat(TestImages.blobFiles(root)).isEmpty();
    }

    @Test
    void aWriterClosedWithoutFinishingDiscardsItsFile() throws IOException {
        ContentStore store = ContentStore.open(root);
        try (BlobWriter w = store.writer()) {
            w.write(random(1000, 2));
            assertThat(TestImages.ingestFiles(root)).hasSize(1);
        }
        assertThat(TestImages.ingestFiles(root)).isEmpty();
    }

    @Test
    void readingACorruptedBlobFailsAtTheEnd() throws IOException {
        ContentStore store = ContentStore.open(root);
        byte[] content = random(100_000, 3);
        Digest digest;
        try (StagedBlob staged = store.stage(content)) {
            digest = store.commit(staged);
        }
        Path file = store.path(digest);
        byte[] corrupt = content.clone();
        corrupt[50_000] ^= 1;
        Files.write(file, corrupt);
        try (InputStream in = store.open(digest)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("blob " + digest + ": digest mismatch");
        }
        assertThatThrownBy(() -> store.read(digest, 1 << 20))
                .isInstanceOf(LegendsException.class)
                .satisfies(e -> assertThat(((LegendsException) e).kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining("digest mismatch");
    }

    @Test
    void aMissingBlobIsNotFound() {
        ContentStore store = ContentStore.open(root);
        Digest digest = Digest.of(new byte[] {1});
        assertThatThrownBy(() -> store.open(digest))
                .satisfies(e -> assertThat(((LegendsException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("blob " + digest + ": not found");
    }

    /**
     * Eight writers race to store one blob while readers keep reading it: every writer succeeds,
     * one file results, and no reader ever sees a partial blob (the verifying stream would say).
     */
    @Test
    void concurrentWritersOfOneBlobAndReadersDuringWrites() throws Exception {
        ContentStore store = ContentStore.open(root);
        byte[] content = random(2 << 20, 4);
        Digest digest = Digest.of(content);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<Digest>> writes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                writes.add(pool.submit(() -> {
                    start.await();
                    try (StagedBlob staged = store.stage(new ByteArrayInputStream(content), digest, content.length)) {
                        return store.commit(staged);
                    }
                }));
            }
            List<Future<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                reads.add(pool.submit(() -> {
                    start.await();
                    int complete = 0;
                    while (writing.get()) {
                        if (store.contains(digest)) {
                            try (InputStream in = store.open(digest)) {
                                assertThat(in.readAllBytes()).hasSize(content.length);
                                complete++;
                            }
                        }
                    }
                    return complete;
                }));
            }
            start.countDown();
            for (Future<Digest> w : writes) {
                assertThat(w.get()).isEqualTo(digest);
            }
            writing.set(false);
            for (Future<Integer> r : reads) {
                r.get(); // rethrows a reader's failure
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertThat(TestImages.blobFiles(root)).hasSize(1);
        assertThat(TestImages.ingestFiles(root)).isEmpty();
        try (InputStream in = store.open(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }
}
