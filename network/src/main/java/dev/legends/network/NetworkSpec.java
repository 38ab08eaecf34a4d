package dev.legends.network;

/**
 * A network to create; null fields take defaults: a free 10.x.0.0/16 subnet that no host route
 * or other network overlaps, its first address as gateway, the whole subnet as range.
 *
 * @param ipRange a CIDR inside the subnet that containers' addresses come from
 * @param bridge  null: {@code lg-} and the name (the default network's is {@code legends0})
 */
public record NetworkSpec(String name, String subnet, String gateway, String ipRange, String ipam, String bridge) {
    public static NetworkSpec named(String name) {
        return new NetworkSpec(name, null, null, null, null, null);
    }
}
