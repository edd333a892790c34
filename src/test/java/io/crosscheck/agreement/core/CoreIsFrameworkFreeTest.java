package io.crosscheck.agreement.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The statistics core is plain Java: no framework type, whether imported or written out in full
 * ({@code @jakarta.inject.Inject}, {@code io.quarkus.runtime.Startup}, {@code new org.hibernate...}). Comments and
 * string literals are blanked first, so documentation may name a framework.
 */
class CoreIsFrameworkFreeTest {

    private static final Pattern FRAMEWORK = Pattern.compile(
            "(?<![\\w.])(jakarta|javax|io\\s*\\.\\s*quarkus|org\\s*\\.\\s*hibernate|io\\s*\\.\\s*smallrye|io\\s*\\.\\s*vertx"
                    + "|org\\s*\\.\\s*eclipse\\s*\\.\\s*microprofile|io\\s*\\.\\s*crosscheck\\s*\\.\\s*(?!agreement\\s*\\.\\s*core\\b)\\w+)"
                    + "\\s*\\.\\s*\\w");

    @Test
    void coreSourcesNameNothingFromJakartaQuarkusOrHibernate() throws IOException {
        Path core = Path.of("src/main/java/io/crosscheck/agreement/core");
        assertTrue(Files.isDirectory(core), "run from the project root");
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(core)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                offending.addAll(frameworkNames(f.getFileName().toString(), Files.readString(f)));
            }
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void theCheckCatchesImportsAndFullyQualifiedNamesButNotComments() {
        String source = """
                package io.crosscheck.agreement.core;
                import jakarta.inject.Inject;
                import static io.quarkus.runtime.LaunchMode.current;
                import io.crosscheck.agreement.core.Level;
                // jakarta.inject.Inject in a comment is fine
                /** So is {@link io.quarkus.runtime.Startup}. */
                class X {
                    @jakarta.enterprise.context.ApplicationScoped static class Y { }
                    Object o = new org.hibernate.Session();
                    Object p = io.quarkus.runtime.LaunchMode.current();
                    Object q = io.crosscheck.agreement.AgreementService.class;
                    String s = "jakarta.not.code";
                    Object javaxFree = javaxLike.x;
                }
                """;
        List<String> found = frameworkNames("X.java", source);
        assertEquals(6, found.size(), String.join("\n", found));
        assertTrue(found.stream().noneMatch(l -> l.contains("comment") || l.contains("not.code")), found.toString());
    }

    /** The lines of the source that name a framework (or the rest of the application) in code. */
    static List<String> frameworkNames(String file, String source) {
        String code = blankCommentsAndStrings(source);
        String[] codeLines = code.split("\n", -1);
        String[] sourceLines = source.split("\n", -1);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < codeLines.length; i++) {
            Matcher m = FRAMEWORK.matcher(codeLines[i]);
            if (m.find() && !codeLines[i].stripLeading().startsWith("package ")) {
                found.add(file + ":" + (i + 1) + ": " + sourceLines[i].strip());
            }
        }
        return found;
    }

    /** Replaces comments, string, text-block and char literals by spaces, keeping line breaks (so lines still count). */
    static String blankCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                blank(s, i, end, out);
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
                blank(s, i, end, out);
                i = end;
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char quote = s.charAt(i);
                int end = i + 1;
                while (end < s.length() && s.charAt(end) != quote && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(s.length(), end + 1);
                blank(s, i, end, out);
                i = end;
            } else {
                out.append(s.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(String s, int from, int to, StringBuilder out) {
        for (int j = from; j < to; j++) {
            out.append(s.charAt(j) == '\n' ? '\n' : ' ');
        }
    }
}
