package dev.legends.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** runc's error output to one line and docker's exit codes. */
class RuncErrorTest {
    @Test
    void jsonLogLinesGiveTheLastErrorWithoutRuncsPrefixes() {
        String out = """
                {"level":"warning","msg":"something minor","time":"2026-01-01T00:00:00Z"}
                {"level":"error","msg":"runc create failed: unable to start container process: exec: \\"nosuch\\": executable file not found in $PATH","time":"2026-01-01T00:00:00Z"}
                """;
        String msg = RuncError.message(out);
        assertThat(msg).isEqualTo("exec: \"nosuch\": executable file not found in $PATH");
        assertThat(RuncError.exitCode(msg)).isEqualTo(127);
    }

    @Test
    void logrusTextIsUnderstoodToo() {
        String out = "time=\"2026-11-26T03:29:20Z\" level=error msg=\"runc create failed: unable to start container process: exec: \\\"/etc/passwd\\\": permission denied\"\n";
        String msg = RuncError.message(out);
        assertThat(msg).isEqualTo("exec: \"/etc/passwd\": permission denied");
        assertThat(RuncError.exitCode(msg)).isEqualTo(126);
    }

    @Test
    void onlyErrorsOfTheExecStepDecide127And126() {
        assertThat(RuncError.exitCode("exec: \"/x\": stat /x: no such file or directory")).isEqualTo(127);
        assertThat(RuncError.exitCode("error mounting \"/a\" to rootfs at \"/b\": no such file or directory")).isEqualTo(125);
    }
}
