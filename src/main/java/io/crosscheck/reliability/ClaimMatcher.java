package io.crosscheck.reliability;

import io.crosscheck.common.CodePoints;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * When two claim quotes from different versions of a story are the same claim: after normalising (NFC, lower case,
 * every run of non-letters/digits to one space), the word sets have a Jaccard similarity of at least
 * {@value #THRESHOLD}, or one normalised quote of at least {@value #MIN_CONTAINED_WORDS} words contains the other.
 */
public final class ClaimMatcher {

    public static final double THRESHOLD = 0.6;
    public static final int MIN_CONTAINED_WORDS = 3;

    private ClaimMatcher() {
    }

    public static String normalise(String text) {
        return CodePoints.nfc(text).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    static Set<String> words(String normalised) {
        return normalised.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(normalised.split(" ")));
    }

    public static double similarity(String a, String b) {
        Set<String> x = words(normalise(a));
        Set<String> y = words(normalise(b));
        if (x.isEmpty() && y.isEmpty()) {
            return 1;
        }
        Set<String> union = new LinkedHashSet<>(x);
        union.addAll(y);
        long common = x.stream().filter(y::contains).count();
        return (double) common / union.size();
    }

    public static boolean same(String a, String b) {
        if (similarity(a, b) >= THRESHOLD) {
            return true;
        }
        String na = normalise(a);
        String nb = normalise(b);
        String shorter = na.length() <= nb.length() ? na : nb;
        String longer = shorter == na ? nb : na;
        return words(shorter).size() >= MIN_CONTAINED_WORDS && (" " + longer + " ").contains(" " + shorter + " ");
    }

    /** Whether the claim's normalised quote occurs in the normalised text (word-aligned). */
    public static boolean occursIn(String quote, String text) {
        String q = normalise(quote);
        return !q.isEmpty() && (" " + normalise(text) + " ").contains(" " + q + " ");
    }
}
