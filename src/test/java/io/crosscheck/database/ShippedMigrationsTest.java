package io.crosscheck.database;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A versioned migration that has shipped never changes: a database migrated before the edit would fail Flyway's
 * validation at the next start. {@code db-migrations/checksums.sha256} (the format of {@code sha256sum}) holds the
 * SHA-256 of every {@code V*.sql}; this test fails when a listed file's bytes change or it disappears, and when a new
 * file has no line yet, printing the line to add. The order of the lines does not matter, so two branches that each
 * add a migration merge by keeping both lines. db-migrations/README.md has the rules.
 */
class ShippedMigrationsTest {

    private static final Path DIR = Path.of("db-migrations");
    private static final Path LIST = DIR.resolve("checksums.sha256");
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](\\S+)");

    @Test
    void everyVersionedMigrationIsListedWithItsChecksumAndNoneChanged() throws IOException {
        Map<String, String> listed = readList();
        Map<String, String> actual = new TreeMap<>();
        for (Path file : versionedFiles()) {
            actual.put(file.getFileName().toString(), sha256(file));
        }

        List<String> problems = new ArrayList<>();
        listed.forEach((name, hash) -> {
            String now = actual.get(name);
            if (now == null) {
                problems.add(name + " was shipped and is gone. Put it back as it was: removing a shipped migration "
                        + "breaks every database that applied it.");
            } else if (!now.equals(hash)) {
                problems.add(name + " changed (listed " + hash + ", now " + now + "). A shipped migration is never "
                        + "edited: restore it (git checkout main -- db-migrations/" + name + ") and put the change in "
                        + "a new migration. Only if this file is new on your branch and not yet merged, update its "
                        + "line in " + LIST + " to:\n    " + now + "  " + name);
            }
        });
        List<String> unlisted = new ArrayList<>();
        actual.forEach((name, hash) -> {
            if (!listed.containsKey(name)) {
                unlisted.add(hash + "  " + name);
            }
        });
        if (!unlisted.isEmpty()) {
            problems.add("New migration(s) without a checksum line. Add these lines to " + LIST
                    + " (any position; when merging, keep both sides' lines), or run "
                    + "(cd db-migrations && sha256sum V<n>__<name>.sql >> checksums.sha256):\n    "
                    + String.join("\n    ", unlisted));
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n\n", problems));
        }
    }

    @Test
    void noTwoMigrationsShareAVersion() throws IOException {
        Map<String, List<String>> byVersion = new TreeMap<>();
        for (Path file : versionedFiles()) {
            Matcher m = VERSIONED.matcher(file.getFileName().toString());
            assertTrue(m.matches());
            String version = m.group(1).replace('_', '.').replaceFirst("^0+(?=\\d)", "");
            byVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(file.getFileName().toString());
        }
        byVersion.values().removeIf(files -> files.size() < 2);
        assertTrue(byVersion.isEmpty(), "Flyway refuses two migrations with one version; renumber the unshipped one "
                + "within your assigned range: " + byVersion);
    }

    private static List<Path> versionedFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> VERSIONED.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
    }

    private static Map<String, String> readList() throws IOException {
        Map<String, String> listed = new LinkedHashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(LIST)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                fail(LIST + " line " + number + " is not '<sha256>  <file>': " + line
                        + " (a merge conflict marker left behind? keep both sides' lines)");
            }
            // The same line twice is harmless (two branches added it, the merge kept both); two checksums are not.
            String before = listed.put(m.group(2), m.group(1));
            if (before != null && !before.equals(m.group(1))) {
                fail(LIST + " lists " + m.group(2) + " with two checksums, " + before + " and " + m.group(1)
                        + ": keep the one of the file as it shipped on main");
            }
        }
        return listed;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
