package dev.zerofail.runs.cause;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the classifier does on a set of labelled cases. Accuracy is over cases with a known label
 * (correct / known); unknown rate is the share of known-label cases the classifier left unknown;
 * wrong cases gave a different known cause. Cases labelled unknown are counted apart: for them the
 * only right answer is unknown.
 */
record CauseScore(int known, int correct, int leftUnknown, List<Miss> wrong, int unknownLabelled,
        int unknownLabelledGuessed, Map<String, Integer> confusion) {

    record Miss(LabelledCase c, Classification got) {
    }

    static CauseScore of(CauseClassifier classifier, List<LabelledCase> cases) {
        int known = 0;
        int correct = 0;
        int leftUnknown = 0;
        int unknownLabelled = 0;
        int guessed = 0;
        List<Miss> wrong = new ArrayList<>();
        Map<String, Integer> confusion = new TreeMap<>();
        for (LabelledCase c : cases) {
            Classification got = classifier.classify(c.job());
            confusion.merge(name(c.label()) + " -> " + name(got.cause()), 1, Integer::sum);
            if (c.label() == Cause.UNKNOWN) {
                unknownLabelled++;
                if (got.cause() != Cause.UNKNOWN) {
                    guessed++;
                    wrong.add(new Miss(c, got));
                }
                continue;
            }
            known++;
            if (got.cause() == c.label()) {
                correct++;
            } else if (got.cause() == Cause.UNKNOWN) {
                leftUnknown++;
            } else {
                wrong.add(new Miss(c, got));
            }
        }
        return new CauseScore(known, correct, leftUnknown, List.copyOf(wrong), unknownLabelled, guessed, confusion);
    }

    double accuracy() {
        return known == 0 ? Double.NaN : (double) correct / known;
    }

    double unknownRate() {
        return known == 0 ? Double.NaN : (double) leftUnknown / known;
    }

    static String name(Cause c) {
        return c.name().toLowerCase(java.util.Locale.ROOT);
    }
}
