package dev.legends.network;

import java.time.Instant;
import java.util.List;

/**
 * A network as {@code legends network ls/inspect} shows it.
 *
 * @param rangeStart first address containers get; rangeEnd the last
 * @param owners     the pods and containers attached to it
 */
public record NetworkInfo(String name, String bridge, String subnet, String gateway, String rangeStart, String rangeEnd,
                          IpamMode ipam, Instant created, List<String> owners) {
    public NetworkInfo {
        owners = List.copyOf(owners);
    }
}
