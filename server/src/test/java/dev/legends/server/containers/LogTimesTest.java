package dev.legends.server.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.legends.core.LegendsException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogTimesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void durationsCountBackFromNow() {
        assertThat(LogTimes.parse("--since", "10m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
        assertThat(LogTimes.parse("--since", "1h30m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(LogTimes.parse("--since", "1.5s", NOW)).isEqualTo(NOW.minusMillis(1500));
        assertThat(LogTimes.parse("--since", "250ms", NOW)).isEqualTo(NOW.minusMillis(250));
    }

    @Test
    void timesAndUnixSecondsAreAbsolute() {
        assertThat(LogTimes.parse("--since", "2026-12-07T11:00:00Z", NOW)).isEqualTo(Instant.parse("2026-12-07T11:00:00Z"));
        assertThat(LogTimes.parse("--since", "2026-12-07T13:00:00.5+02:00", NOW)).isEqualTo(Instant.parse("2026-12-07T11:00:00.5Z"));
        assertThat(LogTimes.parse("--until", "1796644800", NOW)).isEqualTo(Instant.ofEpochSecond(1796644800));
        assertThat(LogTimes.parse("--until", "1796644800.25", NOW)).isEqualTo(Instant.ofEpochSecond(1796644800, 250_000_000));
    }

    @Test
    void anythingElseIsOneClearError() {
        for (String bad : new String[] {"yesterday", "10x", "", "2026-12-07"}) {
            assertThatThrownBy(() -> LogTimes.parse("--since", bad, NOW)).isInstanceOf(LegendsException.class)
                    .hasMessage("invalid --since " + bad + ": expected a duration such as 10m or 1h30m, a time such as "
                            + "2026-12-07T12:00:00Z, or Unix seconds");
        }
    }
}
