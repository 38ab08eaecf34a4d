package dev.legends.snapshot;

import dev.legends.core.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OCI chain ids: a name for a stack of layers that changes when any layer below changes.
 * chainID(L0) = diffID(L0); chainID(Ln) = sha256(chainID(Ln-1) + " " + diffID(Ln)).
 */
public final class ChainIds {
    private ChainIds() {}

    /** The chain id of {@code diffId} on top of {@code parent} (null for a base layer). */
    public static Digest next(Digest parent, Digest diffId) {
        if (parent == null) {
            return diffId;
        }
        return Digest.of((parent + " " + diffId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The chain id of a whole stack, bottom layer first, as an image config lists its diff ids. */
    public static Digest of(List<Digest> diffIds) {
        Digest chain = null;
        for (Digest d : diffIds) {
            chain = next(chain, d);
        }
        if (chain == null) {
            throw new IllegalArgumentException("a chain needs at least one layer");
        }
        return chain;
    }
}
