package dev.legends.snapshot.archive;

import dev.legends.core.Digest;

/**
 * How to apply a layer.
 *
 * @param whiteouts what whiteout entries become
 * @param allowDevices whether character and block devices other than 0:0 may be created; a
 *     layer from a registry has no business creating /dev/sda, so the default is no
 * @param expectedDiffId when set, the uncompressed digest the layer must have (the image config's
 *     rootfs.diff_ids entry); a mismatch fails the apply and leaves nothing
 */
public record ApplyOptions(WhiteoutMode whiteouts, boolean allowDevices, Digest expectedDiffId) {
    public ApplyOptions {
        if (whiteouts == null) {
            throw new IllegalArgumentException("whiteouts mode is required");
        }
    }

    public static ApplyOptions overlay() {
        return new ApplyOptions(WhiteoutMode.OVERLAY, false, null);
    }

    public static ApplyOptions merge() {
        return new ApplyOptions(WhiteoutMode.MERGE, false, null);
    }

    public ApplyOptions withDevices() {
        return new ApplyOptions(whiteouts, true, expectedDiffId);
    }

    public ApplyOptions expecting(Digest diffId) {
        return new ApplyOptions(whiteouts, allowDevices, diffId);
    }
}
