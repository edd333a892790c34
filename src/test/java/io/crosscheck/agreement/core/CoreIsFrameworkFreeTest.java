package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class CoreIsFrameworkFreeTest {

    @Test
    void coreSourcesImportNothingFromJakartaQuarkusOrHibernate() throws IOException {
        Path core = Path.of("src/main/java/io/crosscheck/agreement/core");
        assertTrue(Files.isDirectory(core), "run from the project root");
        try (Stream<Path> files = Files.list(core)) {
            List<String> offending = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream()
                                    .filter(l -> l.matches("\\s*import\\s+(static\\s+)?(jakarta|javax|io\\.quarkus|org\\.hibernate)\\..*"))
                                    .map(l -> f.getFileName() + ": " + l);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
            assertEquals(List.of(), offending);
        }
    }
}
