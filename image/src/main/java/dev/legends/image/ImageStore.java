package dev.legends.image;

import java.nio.file.Path;
import java.util.List;

/**
 * Images by name: an OCI image index ({@code ROOT/content/index.json}) whose entries point at
 * manifests in the {@link ContentStore}, each annotated with the full name it is tagged as
 * ({@code org.opencontainers.image.ref.name}). Names follow docker: {@code busybox} is
 * {@code docker.io/library/busybox:latest}; an image id is its config digest, also accepted as a
 * unique hex prefix. Safe for concurrent use by threads and processes.
 */
public interface ImageStore {

    /** Opens (creating if needed) the image store under {@code root} ({@code ROOT/content}). */
    static ImageStore open(Path root) {
        return LocalImageStore.open(root);
    }

    ContentStore content();

    /** Finds an image by name, name@digest, id or unique id prefix; not-found or ambiguous otherwise. */
    Image resolve(String nameOrId);

    /** One row per name, plus one per untagged image; newest first. */
    List<ImageSummary> list();

    /** Gives the image {@code source} resolves to the name {@code target} (moving it from another image). */
    void tag(String source, String target);

    /** Removes one name; the image goes with its last name. */
    Reference untag(String reference);

    /**
     * Removes an image as {@code docker rmi} does: by name, only that name (and the image with its
     * last name); by id, every name, refusing an image named in more than one repository unless
     * {@code force}. Blobs stay until {@link #prune()}.
     */
    RemoveResult remove(String nameOrId, boolean force);

    /** Deletes every blob no image reaches (index, then manifests, then configs and layers). */
    PruneResult prune();

    /**
     * Commits {@code blobs} and makes {@code images} visible, atomically with respect to other
     * writers and to {@link #prune()}. Every blob an image needs must be committed by then: it is
     * checked before any name changes. An image without names is kept untagged.
     */
    void add(List<? extends StagedBlob> blobs, List<NewImage> images);
}
