package dev.legends.release.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Deployment controller's rounding: surge up, unavailable down, never both 0. */
class IntOrPercentTest {
    @Test
    void defaultsOf25PercentRoundLikeKubernetes() {
        assertThat(IntOrPercent.fenceposts(null, null, 10)).containsExactly(3, 2);
        assertThat(IntOrPercent.fenceposts(null, null, 4)).containsExactly(1, 1);
        assertThat(IntOrPercent.fenceposts(null, null, 3)).containsExactly(1, 0);
        assertThat(IntOrPercent.fenceposts(null, null, 1)).containsExactly(1, 0);
    }

    @Test
    void bothZeroAllowsOneUnavailable() {
        assertThat(IntOrPercent.fenceposts(0, "0%", 5)).containsExactly(0, 1);
        assertThat(IntOrPercent.fenceposts("10%", "10%", 3)).containsExactly(1, 0);
        assertThat(IntOrPercent.fenceposts("0%", "10%", 3)).containsExactly(0, 1);
    }

    @Test
    void exactPercentagesAreNotNudgedByFloatingPoint() {
        assertThat(IntOrPercent.scaled("30%", 10, true, "f")).isEqualTo(3);
        assertThat(IntOrPercent.scaled("30%", 10, false, "f")).isEqualTo(3);
        assertThat(IntOrPercent.scaled("33%", 3, true, "f")).isEqualTo(1);
        assertThat(IntOrPercent.scaled(2, 10, true, "f")).isEqualTo(2);
    }

    @Test
    void badValuesAreOneLine() {
        assertThatThrownBy(() -> IntOrPercent.scaled("lots", 3, true, "maxSurge")).hasMessage(
                "maxSurge: 'lots' must be a whole number >= 0 or a percentage like 25%");
        assertThatThrownBy(() -> IntOrPercent.scaled(-1, 3, true, "maxSurge")).hasMessageStartingWith("maxSurge: -1");
    }
}
