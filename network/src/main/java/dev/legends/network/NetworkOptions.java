package dev.legends.network;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the network layer keeps its run-time state and finds the plugins.
 *
 * @param runDir        netns pins, the CNI result cache, hosts files (a run directory: a reboot
 *                      empties it as it empties the kernel's namespaces)
 * @param defaultBridge the bridge of the default network {@code legends}
 * @param defaultSubnet the default network's subnet; null: the first free 10.88-10.99/16
 */
public record NetworkOptions(Path runDir, List<Path> pluginDirs, String defaultBridge, String defaultSubnet, Duration timeout) {
    public NetworkOptions {
        runDir = runDir.toAbsolutePath().normalize();
        pluginDirs = List.copyOf(pluginDirs);
    }

    public static NetworkOptions of(Path runDir) {
        return new NetworkOptions(runDir, List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin")), "legends0", null,
                Duration.ofSeconds(30));
    }

    /**
     * A daemon's options: the host's daemon (run dir /run/legends) has bridge {@code legends0};
     * any other (a test's, a second daemon's) a bridge and a preferred subnet of its own derived from
     * its run dir, so that two daemons on one host do not fight over one bridge.
     */
    public static NetworkOptions forDaemon(Path daemonRunDir) {
        Path run = daemonRunDir.toAbsolutePath().normalize();
        NetworkOptions o = of(run.resolve("network"));
        if (run.equals(Path.of("/run/legends"))) {
            return o;
        }
        int h = run.toString().hashCode() & 0x7fffffff;
        return o.withDefault("lg" + Integer.toHexString(h), "10." + (100 + h % 100) + "." + (h / 100 % 256) + ".0/24");
    }

    public NetworkOptions withDefault(String bridge, String subnet) {
        return new NetworkOptions(runDir, pluginDirs, bridge, subnet, timeout);
    }
}
