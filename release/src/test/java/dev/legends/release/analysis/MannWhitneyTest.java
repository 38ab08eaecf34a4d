package dev.legends.release.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Values checked against scipy.stats.mannwhitneyu(x, y, method="asymptotic"). */
class MannWhitneyTest {
    @Test
    void separatedSamples() {
        MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10});
        assertThat(r.u()).isZero();
        assertThat(r.pValue()).isCloseTo(0.0121858, within(2e-5));
        assertThat(r.z()).isNegative();
    }

    @Test
    void tiesAreAveragedAndCorrected() {
        // scipy: U = 3.0, p = 0.099342 (tie-corrected, continuity-corrected)
        MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 2, 3}, new double[] {2, 3, 3, 4, 5});
        assertThat(r.u()).isEqualTo(3.0);
        assertThat(r.pValue()).isCloseTo(0.099342, within(2e-5));
    }

    @Test
    void identicalSamplesCannotBeToldApart() {
        assertThat(MannWhitney.test(new double[] {3, 3, 3}, new double[] {3, 3}).pValue()).isEqualTo(1.0);
        assertThat(MannWhitney.test(new double[] {1, 2, 3}, new double[] {1, 2, 3}).pValue()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void normalCdf() {
        assertThat(MannWhitney.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(MannWhitney.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(MannWhitney.normalCdf(-3)).isCloseTo(0.0013499, within(1e-6));
    }
}
