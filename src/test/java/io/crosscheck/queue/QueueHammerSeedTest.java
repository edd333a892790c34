package io.crosscheck.queue;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hammer's choices replay from its seed, and a failure names the seed (no server needed). */
class QueueHammerSeedTest {

    private static QueueHammer hammerWithSeed(String seed) {
        String before = System.getProperty("queue.hammer.seed");
        System.setProperty("queue.hammer.seed", seed);
        try {
            return new QueueHammer(List.of(URI.create("http://127.0.0.1:1")), "unused");
        } finally {
            if (before == null) {
                System.clearProperty("queue.hammer.seed");
            } else {
                System.setProperty("queue.hammer.seed", before);
            }
        }
    }

    private static List<Integer> dice(Random random) {
        return IntStream.range(0, 50).map(i -> random.nextInt(100)).boxed().toList();
    }

    @Test
    void theSameSeedGivesEveryWorkerTheSameChoices() {
        QueueHammer one = hammerWithSeed("20261201");
        QueueHammer two = hammerWithSeed("20261201");
        assertEquals(20261201L, one.seed);
        for (int worker = 0; worker < 5; worker++) {
            assertEquals(dice(one.workerRandom(worker)), dice(two.workerRandom(worker)), "worker " + worker);
        }
        assertNotEquals(dice(one.workerRandom(0)), dice(one.workerRandom(1)), "workers differ from each other");
    }

    @Test
    void aFailureNamesTheSeedToReplay() {
        QueueHammer hammer = hammerWithSeed("77");
        AssertionError failed = assertThrows(AssertionError.class, () -> hammer.seeded(() -> {
            throw new AssertionError("an annotator twice on one item");
        }));
        assertTrue(failed.getMessage().contains("-Dqueue.hammer.seed=77"), failed.getMessage());
        assertTrue(failed.getMessage().contains("an annotator twice on one item"), failed.getMessage());
    }
}
