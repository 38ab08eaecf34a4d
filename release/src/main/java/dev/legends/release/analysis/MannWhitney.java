package dev.legends.release.analysis;

import java.util.Arrays;

/**
 * The Mann–Whitney U test, two-sided, with the normal approximation, tie correction and continuity
 * correction (what scipy's {@code mannwhitneyu(method="asymptotic")} computes). Kayenta's judge uses
 * it because latency is far from normal and the test only compares ranks.
 */
public final class MannWhitney {
    private MannWhitney() {}

    /**
     * @param u the U statistic of {@code x}
     * @param z the standardised U (positive when x tends to be larger)
     * @param pValue two-sided; 1 when the samples cannot be told apart (all tied)
     */
    public record Result(double u, double z, double pValue) {}

    public static Result test(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need at least one value");
        }
        int n = n1 + n2;
        double[] values = new double[n];
        boolean[] fromX = new boolean[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            values[i] = i < n1 ? x[i] : y[i - n1];
            fromX[i] = i < n1;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double rankSumX = 0;
        double tieTerm = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double averageRank = (i + j + 2) / 2.0; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (fromX[order[k]]) {
                    rankSumX += averageRank;
                }
            }
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double u = rankSumX - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double) n2 / 2.0;
        double variance = n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (variance <= 0) {
            return new Result(u, 0, 1);
        }
        double diff = u - mean;
        double corrected = Math.max(0, Math.abs(diff) - 0.5);
        double z = Math.signum(diff) * corrected / Math.sqrt(variance);
        double p = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
        return new Result(u, z, p);
    }

    /** The standard normal CDF, from erfc (Numerical Recipes' Chebyshev fit, error below 1.2e-7). */
    static double normalCdf(double z) {
        return 1 - 0.5 * erfc(z / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
