package io.crosscheck.agreement;

import io.crosscheck.work.CompactWork;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/** The annotators of one layer as dense indices 0..m−1, ordered by username so pairs come out in a stable order. */
final class Annotators {

    private final long[] ids;
    private final String[] names;
    private final CompactWork.IdIndex index;

    private Annotators(long[] ids, String[] names) {
        this.ids = ids;
        this.names = names;
        this.index = new CompactWork.IdIndex(ids);
    }

    /** The distinct ids among the given (repeats allowed), ordered by username then id. */
    static Annotators of(long[] annotatorIds, Map<Long, String> usernames) {
        Long[] distinct = Arrays.stream(annotatorIds).distinct().boxed().toArray(Long[]::new);
        Arrays.sort(distinct, Comparator.<Long, String>comparing(id -> usernames.getOrDefault(id, ""))
                .thenComparing(Comparator.naturalOrder()));
        long[] ids = new long[distinct.length];
        String[] names = new String[distinct.length];
        for (int i = 0; i < distinct.length; i++) {
            ids[i] = distinct[i];
            names[i] = usernames.getOrDefault(distinct[i], String.valueOf(distinct[i]));
        }
        return new Annotators(ids, names);
    }

    int size() {
        return ids.length;
    }

    int index(long id) {
        return index.of(id);
    }

    String name(int index) {
        return names[index];
    }
}
