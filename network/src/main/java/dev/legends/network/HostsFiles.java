package dev.legends.network;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Names without a DNS server: each pod or container gets its own /etc/hosts listing itself and
 * every peer on its networks, and a resolv.conf with the host's non-loopback name servers. The
 * files are bind-mounted into containers, so they are rewritten in place (same inode) when peers
 * come and go; a rename would leave containers reading the old file.
 */
final class HostsFiles {
    private final Path dir;

    HostsFiles(Path dir) {
        this.dir = dir;
    }

    Path hosts(String owner) {
        return dir.resolve(owner).resolve("hosts");
    }

    Path resolvConf(String owner) {
        return dir.resolve(owner).resolve("resolv.conf");
    }

    /** Writes {@code owner}'s hosts file: its own names first, then every peer's. */
    void write(String owner, List<Attachment> own, List<Attachment> peers) {
        StringBuilder b = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        Set<String> seen = new LinkedHashSet<>();
        for (Attachment a : own) {
            line(b, a, seen);
        }
        for (Attachment a : peers) {
            line(b, a, seen);
        }
        writeInPlace(hosts(owner), b.toString());
        if (!Files.exists(resolvConf(owner))) {
            writeInPlace(resolvConf(owner), resolvConf());
        }
    }

    private static void line(StringBuilder b, Attachment a, Set<String> seen) {
        List<String> names = a.names().stream().filter(n -> n != null && !n.isBlank() && seen.add(a.ip() + " " + n)).toList();
        if (a.address() != null && !names.isEmpty()) {
            b.append(a.ip()).append('\t').append(String.join(" ", names)).append('\n');
        }
    }

    void remove(String owner) {
        try {
            Files.deleteIfExists(hosts(owner));
            Files.deleteIfExists(resolvConf(owner));
            Files.deleteIfExists(dir.resolve(owner));
        } catch (IOException e) {
            throw LegendsException.unavailable("remove hosts files of " + owner + ": " + e.getMessage());
        }
    }

    private static String resolvConf() {
        StringBuilder b = new StringBuilder();
        try {
            for (String l : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
                String s = l.strip();
                // a loopback resolver (systemd-resolved's 127.0.0.53) is the host's, not reachable from a container
                if (s.startsWith("search ") || s.startsWith("options ")
                        || s.startsWith("nameserver ") && !s.startsWith("nameserver 127.") && !s.contains(":")) {
                    b.append(s).append('\n');
                }
            }
        } catch (IOException e) {
            // no host resolver: names of peers still work through hosts
        }
        return b.toString();
    }

    private static void writeInPlace(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw LegendsException.unavailable("write " + file + ": " + e.getMessage());
        }
    }
}
