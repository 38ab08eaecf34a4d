package dev.legends.network;

import dev.legends.core.LegendsException;

/**
 * An IPv4 subnet such as {@code 10.88.0.0/16}. Addresses are unsigned 32-bit values held in a
 * long, which is also how the lease table stores them, so that range scans are plain numbers.
 */
public record Subnet(long network, int prefix) {
    public Subnet {
        if (prefix < 8 || prefix > 30) {
            throw LegendsException.invalid("invalid subnet prefix /" + prefix + ": use /8 to /30");
        }
        long mask = mask(prefix);
        if ((network & ~mask & 0xffffffffL) != 0) {
            throw LegendsException.invalid("invalid subnet " + Subnet.format(network) + "/" + prefix
                    + ": host bits are set; did you mean " + Subnet.format(network & mask) + "/" + prefix + "?");
        }
    }

    public static Subnet parse(String cidr) {
        if (cidr == null || !cidr.contains("/")) {
            throw LegendsException.invalid("invalid subnet " + cidr + ": expected an IPv4 CIDR such as 10.88.0.0/16");
        }
        int slash = cidr.indexOf('/');
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            throw LegendsException.invalid("invalid subnet " + cidr + ": expected an IPv4 CIDR such as 10.88.0.0/16");
        }
        return new Subnet(address(cidr.substring(0, slash).strip()), prefix);
    }

    /** Parses a dotted-quad IPv4 address; anything else is one clear error. */
    public static long address(String s) {
        String[] parts = s == null ? new String[0] : s.strip().split("\\.", -1);
        if (parts.length != 4) {
            throw LegendsException.invalid("invalid IPv4 address " + s);
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw LegendsException.invalid("invalid IPv4 address " + s);
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                throw LegendsException.invalid("invalid IPv4 address " + s);
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    public static String format(long a) {
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }

    static long mask(int prefix) {
        return (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    public long broadcast() {
        return network | (~mask(prefix) & 0xffffffffL);
    }

    /** The first address a host may have (the network address is not one). */
    public long firstHost() {
        return network + 1;
    }

    /** The last address a host may have (the broadcast address is not one). */
    public long lastHost() {
        return broadcast() - 1;
    }

    public boolean contains(long a) {
        return (a & mask(prefix)) == network;
    }

    public boolean overlaps(Subnet o) {
        int p = Math.min(prefix, o.prefix);
        return (network & mask(p)) == (o.network & mask(p));
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
