package dev.legends.network;

import dev.legends.core.LegendsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's other answer to "how does a container get its IP?": DHCP. A network with IPAM
 * {@code dhcp} gets a dnsmasq DHCP server on its bridge (which then holds the gateway address
 * before any container comes), and containers get their leases through CNI's {@code dhcp} plugin,
 * whose daemon runs the DHCP client inside each container's namespace and renews the leases.
 * Both are processes of their own that outlive a daemon restart; pid files under the run
 * directory find them again.
 */
final class Dhcp {
    private static final Logger LOG = LoggerFactory.getLogger(Dhcp.class);

    private final Path dir;
    private final List<Path> pluginDirs;

    Dhcp(Path dir, List<Path> pluginDirs) {
        this.dir = dir;
        this.pluginDirs = pluginDirs;
    }

    Path socket() {
        return dir.resolve("dhcp.sock");
    }

    /** Starts the CNI dhcp daemon unless it runs. */
    void ensureDaemon() {
        if (alive(dir.resolve("dhcp.pid")) && Files.exists(socket())) {
            return;
        }
        Path binary = pluginDirs.stream().map(d -> d.resolve("dhcp")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> LegendsException.unavailable("CNI plugin dhcp not found in " + pluginDirs));
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(socket());
            new ProcessBuilder(binary.toString(), "daemon", "-socketpath", socket().toString(), "-pidfile",
                    dir.resolve("dhcp.pid").toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dhcp.log").toFile())).start();
        } catch (IOException e) {
            throw LegendsException.unavailable("start the CNI dhcp daemon: " + e.getMessage());
        }
        waitFor(socket(), "the CNI dhcp daemon's socket " + socket());
    }

    /** The bridge with the gateway address and a dnsmasq serving the network's range on it. */
    void ensureServer(NetworkInfo net) {
        Subnet subnet = Subnet.parse(net.subnet());
        if (!Host.linkExists(net.bridge())) {
            Host.runOk(List.of("ip", "link", "add", "name", net.bridge(), "type", "bridge"));
        }
        Host.runOk(List.of("ip", "addr", "replace", net.gateway() + "/" + subnet.prefix(), "dev", net.bridge()));
        Host.runOk(List.of("ip", "link", "set", net.bridge(), "up"));
        Path pid = dir.resolve(net.name() + ".dnsmasq.pid");
        if (alive(pid)) {
            return;
        }
        String start = Subnet.address(net.rangeStart()) == Subnet.address(net.gateway())
                ? Subnet.format(Subnet.address(net.rangeStart()) + 1) : net.rangeStart();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw LegendsException.unavailable("dhcp dir " + dir + ": " + e.getMessage());
        }
        Host.Result r = Host.run(List.of("dnsmasq", "--conf-file=/dev/null", "--port=0", "--user=root",
                "--interface=" + net.bridge(), "--bind-interfaces", "--except-interface=lo",
                "--dhcp-range=" + start + "," + net.rangeEnd() + "," + Subnet.format(Subnet.mask(subnet.prefix())) + ",1h",
                "--dhcp-option=option:router," + net.gateway(), "--dhcp-authoritative", "--no-ping",
                "--dhcp-leasefile=" + dir.resolve(net.name() + ".leases"), "--pid-file=" + pid,
                "--log-facility=" + dir.resolve(net.name() + ".dnsmasq.log")));
        if (r.exit() != 0) {
            throw LegendsException.unavailable("start dnsmasq on " + net.bridge() + ": " + r.out()
                    + (r.out().contains("No such file") ? " (install dnsmasq-base)" : ""));
        }
        waitFor(pid, "dnsmasq's pid file " + pid);
        LOG.info("network {}: dnsmasq serves DHCP {}-{} on {}", net.name(), start, net.rangeEnd(), net.bridge());
    }

    void stopServer(String network) {
        stop(dir.resolve(network + ".dnsmasq.pid"));
        try {
            Files.deleteIfExists(dir.resolve(network + ".leases"));
        } catch (IOException e) {
            // a stale lease file is harmless: dnsmasq starts over
        }
    }

    void stopDaemon() {
        stop(dir.resolve("dhcp.pid"));
        try {
            Files.deleteIfExists(socket());
        } catch (IOException e) {
            // the next start removes it
        }
    }

    private static void stop(Path pidFile) {
        pid(pidFile).flatMap(ProcessHandle::of).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(3, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // gone with the process
        }
    }

    private static boolean alive(Path pidFile) {
        return pid(pidFile).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Optional<Long> pid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void waitFor(Path p, String what) {
        for (int i = 0; i < 100 && !Files.exists(p); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!Files.exists(p)) {
            throw LegendsException.unavailable("timed out waiting for " + what);
        }
    }
}
