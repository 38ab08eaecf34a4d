package dev.legends.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.legends.core.LegendsException;
import java.util.Locale;

/**
 * Who picks a container's address. {@code legends}: our SQLite IPAM (sticky and static addresses),
 * handed to the bridge through CNI's {@code static} plugin. {@code host-local}: CNI's own file-based
 * allocator, and {@code dhcp}: a dnsmasq DHCP server on the bridge and CNI's dhcp plugin, the
 * seed's two answers to "how does a container get its IP?".
 */
public enum IpamMode {
    LEGENDS, HOST_LOCAL, DHCP;

    @JsonCreator
    public static IpamMode parse(String s) {
        if (s == null || s.isBlank()) {
            return LEGENDS;
        }
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "legends" -> LEGENDS;
            case "host-local" -> HOST_LOCAL;
            case "dhcp" -> DHCP;
            default -> throw LegendsException.invalid("invalid IPAM " + s + ": use legends, host-local or dhcp");
        };
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
