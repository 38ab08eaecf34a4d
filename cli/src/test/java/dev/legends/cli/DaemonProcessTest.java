package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.core.Json;
import dev.legends.server.api.ApiClient;
import dev.legends.server.api.Endpoint;
import dev.legends.server.api.EventView;
import dev.legends.server.api.NewEvent;
import dev.legends.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as users run it: its own process, signals, a second copy, a hard kill. */
class DaemonProcessTest {
    @TempDir
    Path root;

    @Test
    void aSecondDaemonOnTheSameRootIsRefusedWithOneLine() throws Exception {
        try (DaemonProcess first = DaemonProcess.start(root)) {
            Process second = DaemonProcess.command(root, "daemon").redirectErrorStream(true).start();
            assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(out.strip()).isEqualTo("legends: another legends daemon is running on " + root
                    + " (pid " + first.process.pid() + "); stop it first or use another --root");
            assertThat(first.process.isAlive()).isTrue();
        }
    }

    @Test
    void sigtermShutsDownGracefully() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(root)) {
            d.process.destroy(); // SIGTERM
            assertThat(d.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(root.resolve("run/legends.sock")).doesNotExist();
            try (Store store = Store.open(root.resolve("legends.db"))) {
                assertThat(store.events().tail(1).getFirst().message()).isEqualTo("daemon stopped");
            }
        }
    }

    @Test
    void killMinus9DuringWritesLosesNoCommittedRow() throws Exception {
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        try (DaemonProcess d = DaemonProcess.start(root)) {
            ApiClient api = new ApiClient(Endpoint.forRoot(root));
            Thread[] writers = new Thread[4];
            for (int w = 0; w < writers.length; w++) {
                int id = w;
                writers[w] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        try {
                            acknowledged.add(api.post("/v1/events", new NewEvent("load", "writer" + id, "n" + i), EventView.class).id());
                        } catch (RuntimeException gone) {
                            return; // the daemon died mid-request: that write was never acknowledged
                        }
                    }
                });
            }
            while (acknowledged.size() < 200) {
                DaemonProcess.sleep(5);
            }
            d.process.destroyForcibly(); // SIGKILL while the writers are busy
            for (Thread t : writers) {
                t.join(20_000);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200);
        try (DaemonProcess again = DaemonProcess.start(root)) {
            ApiClient api = new ApiClient(Endpoint.forRoot(root));
            List<EventView> stored = api.get("/v1/events?since=0&limit=10000", Json.listOf(EventView.class));
            Set<Long> ids = stored.stream().map(EventView::id).collect(Collectors.toSet());
            assertThat(ids).containsAll(acknowledged);
            again.process.destroy();
            again.process.waitFor(20, TimeUnit.SECONDS);
        }
        try (Store store = Store.open(root.resolve("legends.db"))) {
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
    }
}
