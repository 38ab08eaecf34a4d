package dev.legends.network;

import java.time.Instant;

/**
 * One address of a network's pool that is taken.
 *
 * @param owner    the pod or container using it; null for a sticky address kept for its identity
 * @param identity the instance identity it sticks to (an app instance's name or ordinal), or null
 */
public record Lease(String network, String address, String owner, String identity, Instant since) {
    public boolean sticky() {
        return identity != null;
    }
}
