package dev.legends.image.registry;

import dev.legends.image.ImageStore;

/**
 * The OCI distribution client: {@code legends pull / push / login / logout}. Pulls are all or
 * nothing: every blob is verified against its digest while it streams into a staged ingest file,
 * and the image gets its name only after all of them are in ({@link ImageStore#add}); a failed pull
 * leaves no image, no name and no ingest file. Safe for concurrent use; one client per daemon is
 * enough (it keeps connections, registry schemes and tokens).
 *
 * <p>Errors are {@link dev.legends.core.LegendsException}s with one line saying what failed, e.g.
 * {@code pull localhost:5000/app:1.0: manifest unknown (not found)}: NOT_FOUND for an unknown
 * repository, tag or blob; UNAUTHORIZED for missing or wrong credentials; INVALID_ARGUMENT for
 * content that does not match its digest or a registry refusing what was sent; UNAVAILABLE when the
 * registry cannot be reached or went away and retries did not help.
 */
public interface RegistryClient extends AutoCloseable {

    /** A client over {@code store}, with credentials, insecure registries and limits from {@code options}. */
    static RegistryClient open(ImageStore store, RegistryOptions options) {
        return HttpRegistryClient.open(store, options);
    }

    /**
     * Pulls {@code reference} (a tag or a digest) into the store and names it so. An image index
     * resolves to {@code platform}'s manifest; blobs the store already has are not downloaded.
     */
    PullResult pull(String reference, PlatformSpec platform, ProgressListener progress);

    /** Pushes the local image named {@code reference} to the registry and repository that name says. */
    PushResult push(String reference, ProgressListener progress);

    /**
     * Checks {@code user} and {@code password} against {@code registry} ({@code host[:port]}) and,
     * only if it accepts them, stores them in the auth file (mode 0600). UNAUTHORIZED otherwise.
     */
    void login(String registry, String user, String password);

    /** Forgets the credentials stored for {@code registry}; false when there were none. */
    boolean logout(String registry);

    @Override
    void close();
}
