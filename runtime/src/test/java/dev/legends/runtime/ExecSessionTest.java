package dev.legends.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.linux.SeqpacketSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code exec -it}: a command under a monitor of its own, reached through its attach socket. */
@Tag("runc")
class ExecSessionTest {
    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    ContainerSpec container;

    @BeforeEach
    void setUp() throws IOException {
        container = fx.spec("sleep", "1000").build();
        fx.runtime.run(container);
    }

    @Test
    void aTerminalSessionTakesInputAndNothingPrintedBeforeTheStartIsLost() {
        try (ExecSession s = fx.runtime.execAttached(container.id(), ExecSpec.of("sh", "-c", "tty; read line; echo got-$line; exit 5"), true, true);
             SeqpacketSocket attach = SeqpacketSocket.connect(s.attachSocket())) {
            s.start();
            byte[] input = "hello\n".getBytes(StandardCharsets.UTF_8);
            attach.send(input, 0, input.length);
            String output = readAll(attach);

            // tty's answer comes before any input: it shows only because the command waited for the attach
            assertThat(output).contains("/dev/pts/").contains("got-hello");
            assertThat(s.await(Duration.ofSeconds(10))).get().extracting(ExecResult::exitCode).isEqualTo(5);
        }
        assertThat(fx.runtime.state(container.id()).status()).isInstanceOf(ContainerStatus.Running.class);
    }

    @Test
    void aSessionIsResizedAndLeavesNoFilesOnceItEnded() throws IOException {
        Path sessions = fx.stateDir.resolve("containers").resolve(container.id()).resolve("exec");
        ExecSession s = fx.runtime.execAttached(container.id(), ExecSpec.of("sh", "-c", "sleep 0.3; stty size"), true, false);
        try (SeqpacketSocket attach = SeqpacketSocket.connect(s.attachSocket())) {
            s.start();
            s.resize(33, 77);
            assertThat(readAll(attach)).contains("33 77");
        }
        assertThat(s.await(Duration.ofSeconds(10))).get().extracting(ExecResult::exitCode).isEqualTo(0);
        s.close();
        try (var left = Files.list(sessions)) {
            assertThat(left).isEmpty();
        }
        assertThat(fx.stateDir.resolve("attach").resolve(s.id())).doesNotExist();
        assertThatThrownBy(() -> s.resize(0, 10)).hasMessageContaining("invalid size 0x10");
    }

    @Test
    void aCommandThatCannotRunEndsWithDockersCodeAndRuncsReason() {
        try (ExecSession s = fx.runtime.execAttached(container.id(), ExecSpec.of("nosuch"), false, false)) {
            s.start();
            ExecResult r = s.await(Duration.ofSeconds(10)).orElseThrow();
            assertThat(r.exitCode()).isEqualTo(127);
            assertThat(r.stderr()).contains("executable file not found");
        }
    }

    @Test
    void aStoppedContainerIsRefused() {
        fx.runtime.stop(container.id(), "KILL", Duration.ofSeconds(5));
        assertThatThrownBy(() -> fx.runtime.execAttached(container.id(), ExecSpec.of("sh"), true, true))
                .hasMessage("exec " + container.id() + ": container is not running");
    }

    @Test
    void aSessionStillRunningGoesWithItsContainer() {
        ExecSession s = fx.runtime.execAttached(container.id(), ExecSpec.of("sleep", "1000"), false, false);
        s.start();
        assertThat(s.await(Duration.ofMillis(200))).isEmpty();

        fx.runtime.delete(container.id(), true);

        assertThat(s.await(Duration.ofSeconds(5))).isPresent();
        assertThat(fx.stateDir.resolve("attach").resolve(s.id())).doesNotExist();
        assertThat(fx.stateDir.resolve("containers").resolve(container.id())).doesNotExist();
    }

    /** The output until the session ends, without conmon's stream bytes. */
    private static String readAll(SeqpacketSocket attach) {
        StringBuilder out = new StringBuilder();
        for (byte[] m; (m = attach.receive(64 * 1024)) != null; ) {
            if (m.length > 1) {
                out.append(new String(Arrays.copyOfRange(m, 1, m.length), StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }
}
