package dev.shouli.feature.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What turns a model's scores into a decision, fitted on out-of-fold scores (predictions for texts the model
 * that made them did not learn from): one temperature, so the confidence shown to people means what it says,
 * and per category the lowest confidence at which deciding is safe.
 *
 * <p>The rule for "safe" is strict on purpose: the one-sided lower confidence bound (Wilson) of the precision of
 * the out-of-fold answers at or above the threshold must reach the target. A point estimate overshoots on the
 * hundred or so predictions per category a young desk has (bench/classify/LIBRARY-CHOICE.md, "Abstaining"); a
 * bound needs more evidence before it lets a category be decided, and so a fresh desk abstains a lot — the safe
 * failure: a guessed unit is worse than a triage queue. A category that never reaches the bound is never decided.
 *
 * @param temperature divides the scores before the softmax
 * @param thresholds  per category; {@link Double#POSITIVE_INFINITY} for "never decided"
 */
record Calibration(double temperature, double[] thresholds) {

    /** Out-of-fold scores and the true label of each text. */
    record Scored(double[] scores, int label) {
    }

    static Calibration fit(List<Scored> outOfFold, int labels, double precisionTarget, double confidenceLevel) {
        double t = temperature(outOfFold);
        return new Calibration(t, thresholds(outOfFold, labels, t, precisionTarget, confidenceLevel));
    }

    boolean decides(int label, double confidence) {
        return confidence >= thresholds[label];
    }

    /** The temperature with the lowest log-loss on the out-of-fold scores (golden-section search on log T). */
    static double temperature(List<Scored> scored) {
        if (scored.isEmpty()) {
            return 1;
        }
        double lo = Math.log(0.02);
        double hi = Math.log(50);
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo);
        double b = lo + phi * (hi - lo);
        double fa = logLoss(scored, Math.exp(a));
        double fb = logLoss(scored, Math.exp(b));
        for (int i = 0; i < 60; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = logLoss(scored, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = logLoss(scored, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    private static double logLoss(List<Scored> scored, double t) {
        double sum = 0;
        for (Scored s : scored) {
            double[] p = SoftmaxRegression.softmax(s.scores(), t);
            sum -= Math.log(Math.max(p[s.label()], 1e-12));
        }
        return sum / scored.size();
    }

    static double[] thresholds(List<Scored> scored, int labels, double t, double target, double level) {
        double z = normalQuantile(level);
        double[] out = new double[labels];
        for (int c = 0; c < labels; c++) {
            List<double[]> answered = new ArrayList<>();
            for (Scored s : scored) {
                double[] p = SoftmaxRegression.softmax(s.scores(), t);
                if (SoftmaxRegression.argmax(p) == c) {
                    answered.add(new double[] {p[c], s.label() == c ? 1 : 0});
                }
            }
            answered.sort((x, y) -> Double.compare(y[0], x[0]));
            double threshold = Double.POSITIVE_INFINITY;
            int right = 0;
            for (int j = 0; j < answered.size(); j++) {
                right += (int) answered.get(j)[1];
                boolean lastOfItsValue = j + 1 == answered.size() || answered.get(j + 1)[0] != answered.get(j)[0];
                if (lastOfItsValue && wilsonLowerBound(right, j + 1, z) >= target) {
                    threshold = answered.get(j)[0];
                }
            }
            out[c] = threshold;
        }
        return out;
    }

    /** The lower end of the Wilson score interval for {@code k} right of {@code n} at normal quantile {@code z}. */
    static double wilsonLowerBound(int k, int n, double z) {
        double p = (double) k / n;
        double z2 = z * z;
        return (p + z2 / (2 * n) - z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n))) / (1 + z2 / n);
    }

    /** The standard normal quantile (Acklam's rational approximation; ample for a confidence level). */
    static double normalQuantile(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Calibration c && c.temperature == temperature && Arrays.equals(c.thresholds, thresholds);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(temperature) * 31 + Arrays.hashCode(thresholds);
    }

    @Override
    public String toString() {
        return "Calibration[temperature=" + temperature + ", thresholds=" + Arrays.toString(thresholds) + "]";
    }
}
