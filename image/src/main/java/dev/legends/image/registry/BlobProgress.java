package dev.legends.image.registry;

import dev.legends.core.Digest;

/**
 * Where one blob of a pull or push stands. Byte updates come at most every few hundred kilobytes
 * or milliseconds; every change of state comes.
 *
 * @param done bytes transferred so far (or present, for EXISTS and MOUNTED)
 * @param total the blob's size
 */
public record BlobProgress(Digest digest, Kind kind, State state, long done, long total) {

    public enum Kind { CONFIG, LAYER }

    public enum State {
        /** Queued behind other transfers. */
        WAITING,
        DOWNLOADING,
        UPLOADING,
        /** A transfer failed transiently and is about to be tried again (resuming where it stopped). */
        RETRYING,
        /** Fully received; checking its digest and syncing it to disk. */
        VERIFYING,
        /** Already in the local store (pull) or in the target repository (push): not transferred. */
        EXISTS,
        /** Push only: the registry linked it from another repository instead of receiving it. */
        MOUNTED,
        DONE;

        public boolean isFinal() {
            return this == EXISTS || this == MOUNTED || this == DONE;
        }
    }

    /** The 12 hex digits docker shows for a layer. */
    public String shortId() {
        return digest.shortHex();
    }
}
