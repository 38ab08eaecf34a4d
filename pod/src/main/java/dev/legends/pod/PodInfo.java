package dev.legends.pod;

import java.time.Instant;
import java.util.List;

/**
 * One pod as {@code legends pod ls} lists it; {@code containers} are its members' ids, pause
 * container excluded; {@code addresses} its IPs, one per network.
 */
public record PodInfo(String id, String name, String hostname, boolean sharePid, Instant created, PodState state,
                      String pauseId, List<String> containers, List<String> addresses) {
    public PodInfo {
        containers = List.copyOf(containers);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
