package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.legends.image.registry.TestRegistry;
import dev.legends.server.Daemon;
import dev.legends.server.DaemonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push from one host's daemon to a real docker-registry on 127.0.0.1, pull into another, and a
 * build whose FROM names an image that host does not have yet.
 */
class RegistryCliTest {
    @TempDir
    Path work;



    @Test
    void pushPullAndBuildFromAnImageOnlyTheRegistryHas() throws Exception {
        Path hostA = work.resolve("a");
        Path hostB = work.resolve("b");
        try (TestRegistry registry = TestRegistry.start(work.resolve("registry"), null, null);
                Daemon a = Daemon.start(DaemonConfig.of(hostA));
                Daemon b = Daemon.start(DaemonConfig.of(hostB))) {
            String name = registry.host() + "/base/busybox:1";
            Legends.Result imported = Legends.run(hostA, "image", "import", "-c", "CMD [\"sh\"]", Legends.busyboxTar(work).toString(), name);
            assertThat(imported.code()).as(imported.err()).isZero();
            String id = imported.out().strip();

            Legends.Result pushed = Legends.run(hostA, "push", name);
            assertThat(pushed.code()).as(pushed.err()).isZero();
            assertThat(pushed.out()).startsWith(name + ": digest: sha256:");
            assertThat(pushed.err()).contains("Done");

            Legends.Result pulled = Legends.run(hostB, "pull", "-q", name);
            assertThat(pulled.code()).as(pulled.err()).isZero();
            assertThat(pulled.out().strip()).isEqualTo(id);
            Legends.Result ran = Legends.run(hostB, "run", "--rm", name, "echo", "pulled and running");
            assertThat(ran.code()).as(ran.err()).isZero();
            assertThat(ran.out()).isEqualTo("pulled and running\n");

            Legends.Result missing = Legends.run(hostB, "pull", registry.host() + "/base/nope:1");
            assertThat(missing.code()).isEqualTo(1);
            assertThat(missing.err().lines()).hasSize(1);
            assertThat(missing.err()).contains("not found");

            assertThat(Legends.run(hostB, "image", "rm", name).code()).isZero();
            Path context = Files.createDirectories(work.resolve("context"));
            Files.writeString(context.resolve("Dockerfile"), "FROM " + name + "\nRUN echo built > /hello\n");
            Legends.Result built = Legends.run(hostB, "build", "-q", "-t", "app:1", context.toString());
            assertThat(built.code()).as(built.err()).isZero();
            assertThat(Legends.run(hostB, "image", "ls-files", "app:1", "/hello").out()).contains("/hello");
            assertThat(Legends.run(hostB, "image", "ls", "-q").out()).contains(id.substring(7, 19));
        }
    }
}
