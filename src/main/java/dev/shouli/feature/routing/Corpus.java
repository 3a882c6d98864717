package dev.shouli.feature.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of texts turned into features once: every distinct feature gets a number, every text its features with
 * their counts. Cross-validation trains many models on parts of one corpus; each part picks its own vocabulary
 * and weights from these numbers ({@link #vocabulary}) instead of reading the texts again.
 */
final class Corpus {

    /** One text: its distinct feature numbers, ascending, and how often each occurs. */
    record Doc(int[] ids, int[] counts) {
    }

    /** The features a model keeps, their inverse document frequencies, and where each corpus feature went. */
    record Vocabulary(int[] kept, float[] idf, int[] slotOf) {

        int size() {
            return kept.length;
        }

        /** A text as the model sees it: log-tf × idf, L2-normalised, over the kept features only. */
        SoftmaxRegression.Vector vector(Doc doc) {
            int n = 0;
            int[] slots = new int[doc.ids().length];
            float[] values = new float[doc.ids().length];
            double norm = 0;
            for (int i = 0; i < doc.ids().length; i++) {
                int slot = slotOf[doc.ids()[i]];
                if (slot < 0) {
                    continue;
                }
                float v = (float) ((1 + Math.log(doc.counts()[i])) * idf[slot]);
                slots[n] = slot;
                values[n] = v;
                norm += (double) v * v;
                n++;
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int i = 0; i < n; i++) {
                values[i] *= scale;
            }
            return new SoftmaxRegression.Vector(Arrays.copyOf(slots, n), Arrays.copyOf(values, n));
        }
    }

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<Doc> docs = new ArrayList<>();

    Corpus(List<String> texts) {
        for (String text : texts) {
            docs.add(intern(Features.of(text)));
        }
    }

    private Doc intern(List<String> features) {
        Map<Integer, int[]> counts = new HashMap<>();
        for (String f : features) {
            int id = ids.computeIfAbsent(f, k -> {
                names.add(k);
                return names.size() - 1;
            });
            counts.computeIfAbsent(id, k -> new int[1])[0]++;
        }
        int[] sorted = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] c = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            c[i] = counts.get(sorted[i])[0];
        }
        return new Doc(sorted, c);
    }

    Doc doc(int index) {
        return docs.get(index);
    }

    int size() {
        return docs.size();
    }

    String name(int feature) {
        return names.get(feature);
    }

    /**
     * The vocabulary of a model trained on the texts at {@code indices}: every feature they contain, or — past
     * {@code maxFeatures} — the most frequent ones (earlier-seen first among equals), which bounds the model's
     * size on a large desk. Features only other texts contain get no slot: they are unknown to that model.
     */
    Vocabulary vocabulary(int[] indices, int maxFeatures) {
        int[] df = new int[names.size()];
        for (int i : indices) {
            for (int id : docs.get(i).ids()) {
                df[id]++;
            }
        }
        int present = 0;
        for (int d : df) {
            if (d > 0) {
                present++;
            }
        }
        int minDf = 1;
        if (present > maxFeatures) {
            int[] sorted = Arrays.stream(df).filter(d -> d > 0).sorted().toArray();
            minDf = sorted[sorted.length - maxFeatures];
        }
        int[] slotOf = new int[names.size()];
        Arrays.fill(slotOf, -1);
        int[] kept = new int[Math.min(present, maxFeatures)];
        int n = 0;
        // Features above the cut first, then those exactly at it until the vocabulary is full.
        for (int pass = 0; pass < 2; pass++) {
            for (int id = 0; id < df.length && n < kept.length; id++) {
                boolean take = pass == 0 ? df[id] > minDf || minDf == 1 && df[id] > 0 : df[id] == minDf && minDf > 1;
                if (take && slotOf[id] < 0) {
                    slotOf[id] = n;
                    kept[n++] = id;
                }
            }
        }
        kept = Arrays.copyOf(kept, n);
        float[] idf = new float[n];
        for (int s = 0; s < n; s++) {
            idf[s] = (float) (Math.log((1.0 + indices.length) / (1.0 + df[kept[s]])) + 1.0);
        }
        return new Vocabulary(kept, idf, slotOf);
    }
}
