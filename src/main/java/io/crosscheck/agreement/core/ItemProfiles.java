package io.crosscheck.agreement.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The items of a {@link Ratings} grouped by <em>profile</em>: the multiset of values on the item (how many times each
 * category was given), whoever gave them. α, Gwet's AC1/AC2 and Brennan–Prediger depend on an item only through its
 * profile, so a bootstrap replicate needs only how often each profile was drawn: a few dozen numbers on a nominal
 * layer of 3 labels and 5 annotators however many items there are, instead of one per item.
 */
public final class ItemProfiles {

    private final int[] profileOf;
    private final Ratings profiles;

    private ItemProfiles(int[] profileOf, Ratings profiles) {
        this.profileOf = profileOf;
        this.profiles = profiles;
    }

    /** Groups the items; profiles are numbered in order of their first item. */
    public static ItemProfiles of(Ratings ratings) {
        int n = ratings.items();
        int m = ratings.annotators();
        int k = ratings.categories();
        int[] codes = ratings.codes();
        int[] profileOf = new int[n];
        Map<Profile, Integer> seen = new HashMap<>();
        ItemTally tally = new ItemTally(ratings);
        int slots = 0;
        for (int u = 0; u < n; u++) {
            tally.tally(codes, u * m, m);
            int values = tally.values;
            Profile p = new Profile(tally.count.clone());
            Integer id = seen.get(p);
            if (id == null) {
                id = seen.size();
                seen.put(p, id);
                slots = Math.max(slots, values);
            }
            profileOf[u] = id;
        }
        // One unit per profile, its values packed left in category order.
        int[] packed = new int[seen.size() * slots];
        Arrays.fill(packed, Ratings.MISSING);
        for (Map.Entry<Profile, Integer> e : seen.entrySet()) {
            int at = e.getValue() * slots;
            int[] c = e.getKey().count;
            for (int cat = 0; cat < k; cat++) {
                for (int t = 0; t < c[cat]; t++) {
                    packed[at++] = cat;
                }
            }
        }
        return new ItemProfiles(profileOf, Ratings.of(seen.size(), slots, k, packed));
    }

    /** One unit per profile (a unit of the profile's values): the input of the per-item sums. */
    public Ratings ratings() {
        return profiles;
    }

    public int size() {
        return profiles.items();
    }

    /** How often each profile was drawn in a resample of item indices. */
    public int[] times(int[] drawn) {
        int[] times = new int[profiles.items()];
        for (int i : drawn) {
            times[profileOf[i]]++;
        }
        return times;
    }

    /**
     * Intervals of statistics of the profiles' multiplicities ({@code times} as {@link #times} gives them), one draw
     * of items per replicate: {@link Bootstrap#percentilesOfTimes}, the same figures as
     * {@code Bootstrap.percentiles(items, …, drawn -> statistics(times(drawn)))}.
     */
    public Bootstrap.Interval[] percentiles(int count, Bootstrap.Statistics ofTimes, double level, int replicates,
            long seed) {
        return Bootstrap.percentilesOfTimes(profileOf, profiles.items(), count, ofTimes, level, replicates, seed);
    }

    private record Profile(int[] count) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Profile p && Arrays.equals(count, p.count);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(count);
        }
    }
}
