package dev.legends.image.registry;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.BlobWriter;
import dev.legends.image.ContentStore;
import dev.legends.image.StagedBlob;
import dev.legends.image.oci.Descriptor;
import dev.legends.image.registry.BlobProgress.Kind;
import dev.legends.image.registry.BlobProgress.State;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one blob into a staged ingest file. The content is hashed as it streams in (the
 * {@link BlobWriter} refuses a byte past the expected size and a digest that does not match), so
 * it is read once. A transfer cut short is tried again from where it stopped, with a Range
 * request; a registry that ignores the range sends the whole blob, and the download starts over.
 */
final class BlobDownload {
    private static final int BUFFER = 256 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-\\d+/(?:\\d+|\\*)");

    private final RegistryHttp http;
    private final Retrier retrier;
    private final String repository;
    private final List<String> scopes;
    private final Descriptor blob;
    private final Kind kind;
    private final ContentStore content;
    private final Progress progress;
    private BlobWriter writer;

    BlobDownload(RegistryHttp http, Retrier retrier, String repository, List<String> scopes, Descriptor blob, Kind kind,
            ContentStore content, Progress progress) {
        this.http = http;
        this.retrier = retrier;
        this.repository = repository;
        this.scopes = scopes;
        this.blob = blob;
        this.kind = kind;
        this.content = content;
        this.progress = progress;
    }

    StagedBlob fetch() {
        try {
            retrier.run(this::attempt, cause -> update(State.RETRYING));
            update(State.VERIFYING);
            StagedBlob staged = writer.finish();
            progress.update(blob.digest(), kind, State.DONE, blob.size(), blob.size());
            return staged;
        } catch (LegendsException e) {
            // the blob writer's own errors name the blob already
            throw e.getMessage().startsWith("blob " + blob.digest()) ? e : e.wrap("blob " + blob.digest());
        } finally {
            if (writer != null) {
                writer.close(); // discards the ingest file unless finish() handed it over
            }
        }
    }

    private Void attempt() throws IOException, InterruptedException {
        if (writer == null) {
            writer = content.writer(blob.digest(), blob.size());
        }
        long offset = writer.written();
        HttpRequest.Builder request = HttpRequest.newBuilder(http.uri("/v2/" + repository + "/blobs/" + blob.digest())).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = http.send(request, scopes);
        http.check(response, "", 200, 206);
        if (response.statusCode() == 206 && !resumesAt(response, offset)) {
            response.body().close();
            throw new IOException("the registry answered with another range than bytes=" + offset + "-");
        }
        if (response.statusCode() == 200 && offset > 0) {
            writer.close();
            writer = content.writer(blob.digest(), blob.size());
        }
        update(State.DOWNLOADING);
        try (InputStream in = response.body()) {
            byte[] buf = new byte[BUFFER];
            int n;
            // whole buffers: the blob writer then hashes and writes them without another copy
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                write(buf, n);
                update(State.DOWNLOADING);
            }
        }
        if (writer.written() < blob.size()) {
            throw new IOException("connection closed after " + writer.written() + " of " + blob.size() + " bytes");
        }
        return null;
    }

    private static boolean resumesAt(HttpResponse<?> response, long offset) {
        Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        return m.matches() && Long.parseLong(m.group(1)) == offset;
    }

    /** A local write failure is ours, not the network's: it must not be retried as one. */
    private void write(byte[] buf, int n) {
        try {
            writer.write(buf, 0, n);
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "write to the content store: " + e.getMessage(), e);
        }
    }

    private void update(State state) {
        progress.update(blob.digest(), kind, state, writer == null ? 0 : writer.written(), blob.size());
    }
}
