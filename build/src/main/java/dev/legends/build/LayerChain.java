package dev.legends.build;

import dev.legends.core.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A filesystem as a stack of layers, bottom first, named by their diff ids: what a step's rootfs
 * is prepared from. Empty for {@code scratch}.
 */
public record LayerChain(List<Digest> diffIds) {
    public static final LayerChain EMPTY = new LayerChain(List.of());

    public LayerChain {
        diffIds = List.copyOf(diffIds);
    }

    public LayerChain plus(Digest diffId) {
        List<Digest> all = new ArrayList<>(diffIds);
        all.add(diffId);
        return new LayerChain(all);
    }

    /**
     * The OCI chain id of the top layer (how snapshotters name committed layers):
     * {@code chain(L0) = diff(L0)}, {@code chain(Ln) = sha256(chain(Ln-1) + " " + diff(Ln))}.
     * Empty for an empty chain.
     */
    public Optional<Digest> chainId() {
        Digest chain = null;
        for (Digest d : diffIds) {
            chain = chain == null ? d : Digest.of((chain + " " + d).getBytes(StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(chain);
    }
}
