package dev.legends.image.archive;

import dev.legends.core.Digest;
import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.image.Compression;
import dev.legends.image.StagedBlob;
import dev.legends.image.oci.MediaTypes.LayerCompression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Facts about a staged layer that need its content: compression and uncompressed digest. */
final class Layers {
    private Layers() {}

    static LayerCompression compression(StagedBlob layer) {
        try (InputStream in = new BufferedInputStream(layer.open(), 16)) {
            return Compression.sniff(in);
        } catch (IOException e) {
            throw new LegendsException(ErrorKind.INTERNAL, "read layer " + layer.digest() + ": " + e.getMessage(), e);
        }
    }

    /** The diff id of a compressed layer: the digest of its tar once decompressed. */
    static Digest uncompressedDigest(StagedBlob layer, LayerCompression compression) {
        MessageDigest sha = Digest.sha256();
        try (InputStream in = Compression.decompress(new BufferedInputStream(layer.open(), 1 << 16), compression)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                sha.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw LegendsException.invalid("layer " + layer.digest() + ": cannot decompress: " + e.getMessage());
        }
        return Digest.of(sha);
    }
}
