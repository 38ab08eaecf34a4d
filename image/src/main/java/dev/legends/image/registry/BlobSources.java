package dev.legends.image.registry;

import com.fasterxml.jackson.databind.JavaType;
import dev.legends.core.Digest;
import dev.legends.core.Json;
import dev.legends.core.LegendsException;
import dev.legends.image.ContentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which registry repositories each local blob is known to be in ({@code host/path}), so that a push
 * to another repository of the same registry can ask for a cross-repository mount instead of
 * sending the bytes again. Kept in {@code ROOT/content/registry-sources.json}.
 *
 * <p>It is a hint: a wrong entry only costs a mount attempt that the registry answers with an
 * ordinary upload. So it is written without a cross-process lock (the last writer wins), and
 * entries whose blob left the store are dropped whenever the file is written.
 */
final class BlobSources {
    static final String FILE = "registry-sources.json";
    private static final int MAX_REPOSITORIES = 4;
    private static final int MAX_BYTES = 16 << 20;
    private static final JavaType TYPE = Json.mapper().getTypeFactory()
            .constructMapType(TreeMap.class, Json.mapper().constructType(String.class), Json.listOf(String.class));

    private final ContentStore content;
    private final Path file;

    BlobSources(ContentStore content) {
        this.content = content;
        this.file = content.directory().resolve(FILE);
    }

    /** Repositories that hold {@code blob}, most recently seen first. */
    synchronized List<String> find(Digest blob) {
        return read().getOrDefault(blob.toString(), List.of());
    }

    /** Notes that every one of {@code blobs} is in {@code repository} ({@code host/path}). */
    synchronized void record(String repository, Collection<Digest> blobs) {
        Map<String, List<String>> all = read();
        for (Digest d : blobs) {
            List<String> repos = new ArrayList<>(all.getOrDefault(d.toString(), List.of()));
            repos.remove(repository);
            repos.addFirst(repository);
            all.put(d.toString(), repos.subList(0, Math.min(repos.size(), MAX_REPOSITORIES)));
        }
        all.keySet().removeIf(k -> !content.contains(Digest.parse(k)));
        try {
            PrivateFiles.replace(file, Json.bytes(all));
        } catch (IOException e) {
            // losing the hint only costs a later upload; the push itself succeeded
        }
    }

    private Map<String, List<String>> read() {
        try {
            if (Files.size(file) > MAX_BYTES) {
                return new TreeMap<>();
            }
            Map<String, List<String>> m = Json.read(Files.readAllBytes(file), TYPE);
            m.keySet().removeIf(k -> !validDigest(k));
            return m;
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException | LegendsException e) {
            return new TreeMap<>(); // an unreadable hint file is as good as none
        }
    }

    private static boolean validDigest(String s) {
        try {
            Digest.parse(s);
            return true;
        } catch (LegendsException e) {
            return false;
        }
    }
}
