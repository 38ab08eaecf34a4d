package dev.legends.image.registry;

import dev.legends.core.LegendsException;
import dev.legends.image.ContentStore;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.registry.BlobProgress.Kind;
import dev.legends.image.registry.BlobProgress.State;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts one blob into a repository, as cheaply as the registry allows: nothing if HEAD finds it
 * there; a cross-repository mount if it is known to be in another repository of the registry;
 * otherwise an upload, in one PUT when small and in PATCH chunks when large (a proxy that limits
 * request sizes still lets those through). A transient failure starts the blob over.
 */
final class BlobUpload {
    /** What became of the blob, and how many bytes that cost. */
    record Outcome(State state, long uploaded) {}

    private final RegistryHttp http;
    private final Retrier retrier;
    private final String repository;
    private final Descriptor blob;
    private final Kind kind;
    private final Path file;
    private final Progress progress;
    private final String mountFrom;
    private final long chunkSize;
    private final List<String> scopes = new ArrayList<>();

    /** @param mountFrom a repository path on the same registry that may have the blob, or null */
    BlobUpload(RegistryHttp http, Retrier retrier, String repository, Descriptor blob, Kind kind, ContentStore content,
            Progress progress, String mountFrom, long chunkSize) {
        this.http = http;
        this.retrier = retrier;
        this.repository = repository;
        this.blob = blob;
        this.kind = kind;
        this.file = content.path(blob.digest());
        this.progress = progress;
        this.mountFrom = mountFrom;
        this.chunkSize = chunkSize;
        scopes.add("repository:" + repository + ":pull,push");
        if (mountFrom != null) {
            scopes.add("repository:" + mountFrom + ":pull");
        }
    }

    Outcome push() {
        try {
            Outcome outcome = retrier.run(this::attempt,
                    cause -> progress.update(blob.digest(), kind, State.RETRYING, 0, blob.size()));
            progress.update(blob.digest(), kind, outcome.state(), blob.size(), blob.size());
            return outcome;
        } catch (LegendsException e) {
            throw e.wrap("blob " + blob.digest());
        }
    }

    private Outcome attempt() throws IOException, InterruptedException {
        HttpResponse<InputStream> head = http.send(HttpRequest.newBuilder(blobUri())
                .method("HEAD", BodyPublishers.noBody()), scopes);
        head.body().close();
        http.check(head, "", 200, 404);
        if (head.statusCode() == 200) {
            return new Outcome(State.EXISTS, 0);
        }
        String query = mountFrom == null ? "" : "?mount=" + encode(blob.digest().toString()) + "&from=" + encode(mountFrom);
        HttpResponse<InputStream> start = http.send(HttpRequest.newBuilder(http.uri("/v2/" + repository + "/blobs/uploads/" + query))
                .POST(BodyPublishers.noBody()), scopes);
        start.body().close();
        http.check(start, "", 201, 202);
        if (start.statusCode() == 201 && mountFrom != null) {
            return new Outcome(State.MOUNTED, 0);
        }
        URI location = location(start);
        progress.update(blob.digest(), kind, State.UPLOADING, 0, blob.size());
        long offset = 0;
        if (blob.size() > chunkSize) {
            while (offset < blob.size()) {
                long length = Math.min(chunkSize, blob.size() - offset);
                HttpResponse<InputStream> chunk = http.send(HttpRequest.newBuilder(location)
                        .method("PATCH", body(offset, length))
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", offset + "-" + (offset + length - 1)), scopes);
                chunk.body().close();
                http.check(chunk, "", 202);
                location = location(chunk);
                offset += length;
            }
        }
        BodyPublisher rest = offset < blob.size() ? body(offset, blob.size() - offset) : BodyPublishers.noBody();
        HttpResponse<InputStream> done = http.send(HttpRequest.newBuilder(withDigest(location)).PUT(rest)
                .header("Content-Type", "application/octet-stream"), scopes);
        done.body().close();
        http.check(done, "", 201, 204);
        String stored = done.headers().firstValue("Docker-Content-Digest").orElse(blob.digest().toString());
        if (!stored.equals(blob.digest().toString())) {
            throw LegendsException.invalid("the registry stored it as " + stored);
        }
        return new Outcome(State.DONE, blob.size());
    }

    private URI blobUri() throws IOException, InterruptedException {
        return http.uri("/v2/" + repository + "/blobs/" + blob.digest());
    }

    private URI withDigest(URI location) {
        String s = location.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + encode(blob.digest().toString()));
    }

    private static URI location(HttpResponse<?> response) throws IOException {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("the registry started an upload without saying where (no Location)"));
        return response.request().uri().resolve(location);
    }

    /** A region of the blob's file, counted as the client reads it, for the progress bar. */
    private BodyPublisher body(long offset, long length) {
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> open(offset, length)), length);
    }

    private InputStream open(long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return new FilterInputStream(Channels.newInputStream(channel)) {
                private long sent;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (sent >= length) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, length - sent));
                    if (n > 0) {
                        sent += n;
                        progress.update(blob.digest(), kind, State.UPLOADING, offset + sent, blob.size());
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
