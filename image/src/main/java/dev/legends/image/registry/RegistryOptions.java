package dev.legends.image.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How a {@link RegistryClient} reaches registries.
 *
 * @param authFile where login keeps credentials (docker's config.json {@code auths} shape)
 * @param insecureRegistries {@code host[:port]}s that may be reached over plain HTTP when HTTPS fails
 *     (localhost, 127.0.0.1 and ::1 always may, as with docker), or {@code http://host:port} for
 *     registries to reach over plain HTTP only
 * @param parallelTransfers blobs downloaded or uploaded at once, per pull or push
 * @param attempts tries per request (and per blob, resuming where it stopped) on transient failures
 * @param firstBackoff the wait before the second try; it doubles, with jitter, up to 5 s
 * @param retryWindow no new try starts later than this after the first one
 * @param stallTimeout a transfer that receives nothing for this long is abandoned (and retried)
 * @param chunkSize blobs up to this size are uploaded in one PUT, larger ones in PATCH chunks of it
 */
public record RegistryOptions(Path authFile, Set<String> insecureRegistries, int parallelTransfers, int attempts,
        Duration firstBackoff, Duration retryWindow, Duration stallTimeout, long chunkSize) {

    public RegistryOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        if (parallelTransfers < 1 || attempts < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("parallelTransfers, attempts and chunkSize must be positive");
        }
    }

    /** Defaults for a Legends root: credentials in {@code ROOT/auth.json}, 3 transfers at once, 5 tries within a minute. */
    public static RegistryOptions defaults(Path root) {
        return new RegistryOptions(root.resolve("auth.json"), Set.of(), 3, 5,
                Duration.ofMillis(250), Duration.ofSeconds(60), Duration.ofSeconds(60), 64L << 20);
    }

    public RegistryOptions withAuthFile(Path file) {
        return new RegistryOptions(file, insecureRegistries, parallelTransfers, attempts, firstBackoff, retryWindow,
                stallTimeout, chunkSize);
    }

    public RegistryOptions withInsecureRegistries(Set<String> registries) {
        return new RegistryOptions(authFile, registries, parallelTransfers, attempts, firstBackoff, retryWindow,
                stallTimeout, chunkSize);
    }

    public RegistryOptions withRetries(int newAttempts, Duration newFirstBackoff, Duration newRetryWindow) {
        return new RegistryOptions(authFile, insecureRegistries, parallelTransfers, newAttempts, newFirstBackoff,
                newRetryWindow, stallTimeout, chunkSize);
    }

    public RegistryOptions withChunkSize(long bytes) {
        return new RegistryOptions(authFile, insecureRegistries, parallelTransfers, attempts, firstBackoff, retryWindow,
                stallTimeout, bytes);
    }

    public RegistryOptions withParallelTransfers(int n) {
        return new RegistryOptions(authFile, insecureRegistries, n, attempts, firstBackoff, retryWindow, stallTimeout,
                chunkSize);
    }
}
