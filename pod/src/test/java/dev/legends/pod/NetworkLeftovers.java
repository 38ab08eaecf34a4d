package dev.legends.pod;

import dev.legends.network.NetworkInfo;
import dev.legends.network.NetworkOptions;
import dev.legends.network.Networks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Takes back what networked tests made on the host, also after a failure: attachments, bridges, netns pins. */
final class NetworkLeftovers {
    private NetworkLeftovers() {}

    static void clean(Networks networks, NetworkOptions options) {
        for (NetworkInfo n : networks.list()) {
            for (String owner : n.owners()) {
                try {
                    networks.detach(owner);
                } catch (RuntimeException e) {
                    // the pins below
                }
            }
            try {
                networks.remove(n.name());
            } catch (RuntimeException e) {
                run("ip", "link", "del", n.bridge());
            }
        }
        if (options.defaultBridge() != null && Files.exists(Path.of("/sys/class/net", options.defaultBridge()))) {
            run("ip", "link", "del", options.defaultBridge());
        }
        try (Stream<Path> pins = Files.list(options.runDir().resolve("netns"))) {
            for (Path p : pins.toList()) {
                run("umount", "-l", p.toString());
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // no pins made
        }
    }

    private static void run(String... cmd) {
        try {
            new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
