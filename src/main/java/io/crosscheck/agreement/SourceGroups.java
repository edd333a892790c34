package io.crosscheck.agreement;

import io.crosscheck.work.CompactWork;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups the analysed items by their article's source, for the per-source figures. */
final class SourceGroups {

    /** One source and the indices (into the analysed items) of its items, in queue order. */
    record Group(long sourceId, String name, int[] members) {
    }

    private SourceGroups() {
    }

    /**
     * @param keptItem for each analysed item, its index into {@code items}
     * @return the groups ordered by source name, then id
     */
    static List<Group> of(int[] keptItem, CompactWork.Items items, Map<Long, String> sourceNames) {
        Map<Long, CompactWork.IntList> bySource = new LinkedHashMap<>();
        for (int u = 0; u < keptItem.length; u++) {
            bySource.computeIfAbsent(items.sourceIds()[keptItem[u]], s -> new CompactWork.IntList()).add(u);
        }
        List<Group> groups = new ArrayList<>();
        bySource.forEach((id, members) -> groups.add(
                new Group(id, sourceNames.getOrDefault(id, String.valueOf(id)), members.toArray())));
        groups.sort(Comparator.comparing(Group::name).thenComparing(Group::sourceId));
        return groups;
    }
}
