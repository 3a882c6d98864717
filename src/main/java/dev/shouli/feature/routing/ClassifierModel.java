package dev.shouli.feature.routing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * One trained classifier version as intake uses it: its categories, its vocabulary with inverse document
 * frequencies, one weight row per category, and its calibration. Stored as bytes in {@code routing_model}; every
 * instance loads the version it needs, so what one instance trained every other uses alike.
 */
final class ClassifierModel {

    private static final int FORMAT = 1;

    /** A category and the calibrated confidence in it. */
    record Scored(String category, double confidence) {
    }

    /**
     * The answer for one text.
     *
     * @param ranked  every category, most likely first
     * @param decided whether the first is confident enough for its category's threshold
     */
    record Prediction(List<Scored> ranked, boolean decided, double threshold) {

        Scored top() {
            return ranked.get(0);
        }
    }

    private final List<String> labels;
    private final Map<String, Integer> slots;
    private final float[] idf;
    private final float[][] weights;
    private final Calibration calibration;

    ClassifierModel(List<String> labels, List<String> features, float[] idf, float[][] weights,
                    Calibration calibration) {
        this.labels = List.copyOf(labels);
        this.slots = new HashMap<>(features.size() * 2);
        for (int i = 0; i < features.size(); i++) {
            slots.put(features.get(i), i);
        }
        this.idf = idf;
        this.weights = weights;
        this.calibration = calibration;
    }

    List<String> labels() {
        return labels;
    }

    Calibration calibration() {
        return calibration;
    }

    Prediction predict(String text) {
        double[] p = SoftmaxRegression.softmax(SoftmaxRegression.scores(weights, vector(text)),
                calibration.temperature());
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]));
        List<Scored> ranked = new ArrayList<>(p.length);
        for (int i : order) {
            ranked.add(new Scored(labels.get(i), p[i]));
        }
        int top = order[0];
        return new Prediction(ranked, calibration.decides(top, p[top]), calibration.thresholds()[top]);
    }

    private SoftmaxRegression.Vector vector(String text) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String f : Features.of(text)) {
            Integer slot = slots.get(f);
            if (slot != null) {
                counts.merge(slot, 1, Integer::sum);
            }
        }
        int[] s = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        float[] v = new float[s.length];
        double norm = 0;
        for (int i = 0; i < s.length; i++) {
            v[i] = (float) ((1 + Math.log(counts.get(s[i]))) * idf[s[i]]);
            norm += (double) v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return new SoftmaxRegression.Vector(s, v);
    }

    /** Compressed bytes: format, categories, calibration, vocabulary with idf, weights. */
    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeInt(FORMAT);
            out.writeInt(labels.size());
            for (String label : labels) {
                out.writeUTF(label);
            }
            out.writeDouble(calibration.temperature());
            for (double t : calibration.thresholds()) {
                out.writeDouble(t);
            }
            String[] features = new String[slots.size()];
            slots.forEach((f, i) -> features[i] = f);
            out.writeInt(features.length);
            for (int i = 0; i < features.length; i++) {
                out.writeUTF(features[i]);
                out.writeFloat(idf[i]);
            }
            for (float[] row : weights) {
                for (float w : row) {
                    out.writeFloat(w);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ClassifierModel fromBytes(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(stored)))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException("classifier model format " + format + " is not known here");
            }
            int n = in.readInt();
            List<String> labels = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                labels.add(in.readUTF());
            }
            double temperature = in.readDouble();
            double[] thresholds = new double[n];
            for (int i = 0; i < n; i++) {
                thresholds[i] = in.readDouble();
            }
            int d = in.readInt();
            List<String> features = new ArrayList<>(d);
            float[] idf = new float[d];
            for (int i = 0; i < d; i++) {
                features.add(in.readUTF());
                idf[i] = in.readFloat();
            }
            float[][] weights = new float[n][d + 1];
            for (float[] row : weights) {
                for (int i = 0; i <= d; i++) {
                    row[i] = in.readFloat();
                }
            }
            return new ClassifierModel(labels, features, idf, weights, new Calibration(temperature, thresholds));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
