package dev.shouli.feature.routing;

import java.util.Random;

/**
 * Multinomial logistic regression by stochastic gradient descent with AdaGrad steps and L2 regularisation, over
 * sparse vectors. The settings were fixed before any measurement (bench/classify/LIBRARY-CHOICE.md); the
 * number of passes is the one that keeps training 3,000 messages, cross-validation included, well inside a
 * minute on two cores (BENCHMARKS.md).
 */
final class SoftmaxRegression {

    static final int EPOCHS = 20;
    private static final float RATE = 0.5f;
    private static final float L2 = 1e-4f;

    /** A sparse vector: slots ascending, and their values. */
    record Vector(int[] slots, float[] values) {
    }

    private SoftmaxRegression() {
    }

    /**
     * @return weights {@code [label][slot]}, the bias in the last column
     */
    static float[][] fit(Vector[] xs, int[] ys, int labels, int dims, long seed) {
        float[][] w = new float[labels][dims + 1];
        float[][] g = new float[labels][dims + 1];
        int[] order = new int[xs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        double[] p = new double[labels];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            shuffle(order, random);
            for (int n : order) {
                Vector x = xs[n];
                scores(w, x, p);
                softmaxInPlace(p);
                for (int y = 0; y < labels; y++) {
                    float gradient = (float) (p[y] - (ys[n] == y ? 1 : 0));
                    float[] wy = w[y];
                    float[] gy = g[y];
                    int[] slots = x.slots();
                    float[] values = x.values();
                    for (int j = 0; j < slots.length; j++) {
                        int s = slots[j];
                        float gj = gradient * values[j] + L2 * wy[s];
                        gy[s] += gj * gj;
                        wy[s] -= RATE * gj / ((float) Math.sqrt(gy[s]) + 1e-8f);
                    }
                    gy[dims] += gradient * gradient;
                    wy[dims] -= RATE * gradient / ((float) Math.sqrt(gy[dims]) + 1e-8f);
                }
            }
        }
        return w;
    }

    /** Raw scores (logits) of {@code x} into {@code out}. */
    static void scores(float[][] w, Vector x, double[] out) {
        int bias = w[0].length - 1;
        int[] slots = x.slots();
        float[] values = x.values();
        for (int y = 0; y < w.length; y++) {
            float[] wy = w[y];
            double t = wy[bias];
            for (int j = 0; j < slots.length; j++) {
                t += wy[slots[j]] * values[j];
            }
            out[y] = t;
        }
    }

    static double[] scores(float[][] w, Vector x) {
        double[] out = new double[w.length];
        scores(w, x, out);
        return out;
    }

    /** Probabilities from scores divided by {@code temperature}. */
    static double[] softmax(double[] scores, double temperature) {
        double[] p = new double[scores.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = scores[i] / temperature;
        }
        softmaxInPlace(p);
        return p;
    }

    static void softmaxInPlace(double[] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.exp(s[i] - max);
            z += s[i];
        }
        for (int i = 0; i < s.length; i++) {
            s[i] /= z;
        }
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
