package dev.legends.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.ErrorKind;
import dev.legends.core.LegendsException;
import dev.legends.server.CommandLines;
import dev.legends.server.api.Endpoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the daemon agrees to run for the native client, and what it sends back to the client's JVM. */
class InDaemonTest {
    private static final Path ROOT = Path.of("/tmp/legends-indaemon-test");
    private final InDaemon lines = new InDaemon(Endpoint.forRoot(ROOT));

    private static CommandLines.Call call(String... args) {
        return new CommandLines.Call(List.of(args), "/tmp", Map.of(), false, false);
    }

    private String refusal(String... args) {
        try {
            lines.prepare(call(args));
            return null;
        } catch (LegendsException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
            return e.getMessage();
        }
    }

    @Test
    void commandsThatNeedOnlyTheirArgumentsRunInTheDaemon() {
        assertThat(refusal("ps", "-a", "-o", "json")).isNull();
        assertThat(refusal("run", "--rm", "busybox", "sh", "-c", "exit 3")).isNull();
        assertThat(refusal("--root", ROOT.toString(), "image", "ls")).isNull();
        assertThat(refusal("exec", "c1", "ls")).isNull();
        assertThat(refusal("volume", "prune", "-f")).isNull();
    }

    @Test
    void terminalsStdinTheDaemonItselfAndOtherDaemonsStayInTheClient() {
        assertThat(refusal("run", "-it", "busybox", "sh")).contains("terminal");
        assertThat(refusal("exec", "-i", "c1", "sh")).contains("terminal");
        assertThat(refusal("apply", "-f", "-")).contains("stdin");
        assertThat(refusal("volume", "prune")).contains("stdin");
        assertThat(refusal("daemon")).contains("daemon runs in the client");
        assertThat(refusal("login", "-u", "me", "localhost:5000")).contains("login runs in the client");
        assertThat(refusal()).contains("root command");
        assertThat(refusal("--root", "/somewhere/else", "ps")).contains("names another daemon");
        assertThat(refusal("-H", "tcp://127.0.0.1:2375", "ps")).contains("names another daemon");
    }

    @Test
    void aUsageErrorRunsHereAndSaysWhatPicocliSays() {
        CommandLines.Prepared p = lines.prepare(call("run"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = p.run(out, err);
        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("IMAGE");
    }
}
