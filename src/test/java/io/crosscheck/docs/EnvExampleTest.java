package io.crosscheck.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * .env.example is what a newcomer copies to .env: the copy must keep the defaults that make the README work (the
 * embedded database, a generated admin token) and must list every variable the README's configuration table names.
 */
class EnvExampleTest {

    static final Path ENV = Path.of(".env.example");
    static final Pattern ACTIVE = Pattern.compile("^([A-Z][A-Z0-9_]*)=", Pattern.MULTILINE);
    static final Pattern ANY = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=", Pattern.MULTILINE);

    static List<String> names(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.results().map(r -> r.group(1)).toList();
    }

    @Test
    void aCopyKeepsTheEmbeddedDatabaseAndAGeneratedAdminToken() throws IOException {
        List<String> active = names(ACTIVE, Files.readString(ENV));
        assertTrue(!active.contains("DB_URL"), "DB_URL set in .env.example switches the embedded database off");
        assertTrue(!active.contains("CROSSCHECK_ADMIN_TOKEN"),
                "a CROSSCHECK_ADMIN_TOKEN in .env.example would be an admin token anyone can read");
    }

    @Test
    void everyVariableOfTheReadmeTableIsListed() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int table = readme.indexOf("## Configuration");
        assertTrue(table >= 0, "README has a Configuration section");
        String section = readme.substring(table, readme.indexOf("\n## ", table + 1));
        List<String> documented = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(section).results()
                .map(r -> r.group(1)).distinct().toList();
        List<String> listed = names(ANY, Files.readString(ENV));
        assertEquals(List.of(), documented.stream().filter(v -> !listed.contains(v)).toList(),
                "variables in the README's table missing from .env.example");
    }
}
