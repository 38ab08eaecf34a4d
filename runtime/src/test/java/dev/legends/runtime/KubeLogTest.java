package dev.legends.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conmon's k8s-file format: full lines, pieces of long lines, and records still being written. */
class KubeLogTest {
    @TempDir
    Path dir;

    @Test
    void piecesAreJoinedPerStreamAndStampedWithTheFirst() throws Exception {
        Path log = dir.resolve("ctr.log");
        Files.writeString(log, """
                2026-01-02T03:04:05.000000001+00:00 stdout P hel
                2026-01-02T03:04:05.5+00:00 stderr F oops
                2026-01-02T03:04:06+00:00 stdout F lo world
                2026-01-02T03:04:07+00:00 stdout F\s
                """);

        assertThat(KubeLog.readAll(log)).containsExactly(
                new LogLine(Instant.parse("2026-01-02T03:04:05.5Z"), LogLine.Stream.STDERR, "oops"),
                new LogLine(Instant.parse("2026-01-02T03:04:05.000000001Z"), LogLine.Stream.STDOUT, "hello world"),
                new LogLine(Instant.parse("2026-01-02T03:04:07Z"), LogLine.Stream.STDOUT, ""));
    }

    @Test
    void aCursorReadsOnlyCompleteRecordsAndContinuesWhereItStopped() throws Exception {
        Path log = dir.resolve("ctr.log");
        Files.writeString(log, "2026-01-02T03:04:05+00:00 stdout F one\n2026-01-02T03:04:06+00:00 std");
        KubeLog.Cursor cursor = new KubeLog.Cursor(log);

        assertThat(cursor.next()).extracting(LogLine::text).containsExactly("one");
        Files.writeString(log, "out F two\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(cursor.next()).extracting(LogLine::text).containsExactly("two");
        assertThat(cursor.next()).isEmpty();
    }

    @Test
    void aLogLargerThanOneReadIsReadToItsEnd() throws Exception {
        // 40 MB of records: more than one read of the cursor takes (a `run --rm` of a chatty command
        // showed only its first 16 MB)
        Path log = dir.resolve("ctr.log");
        String line = "x".repeat(100);
        int count = 400_000;
        try (var out = new java.io.BufferedWriter(Files.newBufferedWriter(log), 1 << 20)) {
            for (int i = 0; i < count; i++) {
                out.write("2026-01-02T03:04:05+00:00 stdout F " + i + line + "\n");
            }
        }
        assertThat(Files.size(log)).isGreaterThan(32L << 20);
        var lines = KubeLog.readAll(log);
        assertThat(lines).hasSize(count);
        assertThat(lines.getLast().text()).isEqualTo((count - 1) + line);

        var followed = new java.util.ArrayList<LogLine>();
        try (LogTail tail = new LogTail(log, followed::add, () -> true)) {
            tail.awaitEnd(java.time.Duration.ofSeconds(30));
        }
        assertThat(followed).hasSize(count);
    }

    @Test
    void aMissingLogIsEmpty() {
        assertThat(KubeLog.readAll(dir.resolve("none"))).isEmpty();
    }
}
