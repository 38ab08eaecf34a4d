package dev.legends.build.local;

import dev.legends.core.LegendsException;

/** Fetches a base image the store lacks (FROM of an image not pulled yet), e.g. from a registry. */
@FunctionalInterface
public interface BasePuller {
    /** A builder without a registry: a missing base image stays not found. */
    BasePuller NONE = reference -> {
        throw LegendsException.notFound("no such image: " + reference + " (and no registry to pull it from)");
    };

    void pull(String reference);
}
