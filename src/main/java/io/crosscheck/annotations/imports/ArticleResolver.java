package io.crosscheck.annotations.imports;

import io.crosscheck.annotations.CodePointText;
import io.crosscheck.common.CodePoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the articles an import's lines name, with one query per kind of reference, and creates the texts that are not
 * articles yet — only after the lines are checked, and only those that a good line uses, so a file that fails stores
 * no article. A text is matched by sha256 (of its NFC form) within its source; without a source, by sha256 alone when
 * exactly one article has it.
 */
@ApplicationScoped
public class ArticleResolver {

    static final int MAX_TEXT = 1_000_000;

    @Inject
    EntityManager em;

    /**
     * What one reference resolved to: an existing article (id, length, and its text when a span needs it), a text to
     * create (id null, {@code pending} set), or why neither.
     */
    public record Resolved(Long id, int length, CodePointText text, ArticleRef.ByText pending, String error) {

        static Resolved error(String error) {
            return new Resolved(null, 0, null, null, error);
        }
    }

    /**
     * Resolves every reference; {@code needText} names those whose text a span check needs (texts of files are in
     * memory anyway).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<ArticleRef, Resolved> resolve(Collection<ArticleRef> refs, Set<ArticleRef> needText, String defaultSource) {
        Map<ArticleRef, Resolved> out = new HashMap<>();
        Set<Long> ids = new LinkedHashSet<>();
        Set<String> urls = new LinkedHashSet<>();
        List<ArticleRef.ByText> texts = new ArrayList<>();
        for (ArticleRef ref : refs) {
            if (ref instanceof ArticleRef.ById b) {
                ids.add(b.id());
            } else if (ref instanceof ArticleRef.ByUrl u) {
                urls.add(u.url());
            } else if (ref instanceof ArticleRef.ByText t) {
                texts.add(t);
            }
        }
        session().doWork(c -> {
            Map<String, List<Long>> byUrl = new HashMap<>();
            if (!urls.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("select id, url from article where url = any(?) order by id")) {
                    ps.setArray(1, c.createArrayOf("text", urls.toArray(String[]::new)));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            byUrl.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getLong(1));
                            ids.add(rs.getLong(1));
                        }
                    }
                }
            }
            Set<Long> withText = new LinkedHashSet<>();
            for (ArticleRef ref : needText) {
                if (ref instanceof ArticleRef.ById b) {
                    withText.add(b.id());
                } else if (ref instanceof ArticleRef.ByUrl u && byUrl.getOrDefault(u.url(), List.of()).size() == 1) {
                    withText.add(byUrl.get(u.url()).get(0));
                }
            }
            Map<Long, Resolved> byId = loadById(c, ids, withText);
            for (ArticleRef ref : refs) {
                if (ref instanceof ArticleRef.ById b) {
                    Resolved r = byId.get(b.id());
                    out.put(ref, r != null ? r : Resolved.error("articleId: article " + b.id() + " does not exist"));
                } else if (ref instanceof ArticleRef.ByUrl u) {
                    List<Long> found = byUrl.getOrDefault(u.url(), List.of());
                    out.put(ref, found.size() == 1 ? byId.get(found.get(0))
                            : Resolved.error("target: " + (found.isEmpty()
                            ? "no article of this service is at " + u.url()
                            : "articles " + found + " all have the url " + u.url())));
                }
            }
            resolveTexts(c, texts, defaultSource, out);
        });
        return out;
    }

    private static Map<Long, Resolved> loadById(Connection c, Set<Long> ids, Set<Long> withText) throws SQLException {
        Map<Long, Resolved> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("select id, length from article where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray(Long[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Resolved(rs.getLong(1), rs.getInt(2), null, null, null));
                }
            }
        }
        if (!withText.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("select id, text, length from article where id = any(?)")) {
                ps.setArray(1, c.createArrayOf("bigint", withText.toArray(Long[]::new)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), new Resolved(rs.getLong(1), rs.getInt(3),
                                CodePointText.of(rs.getString(2), rs.getInt(3)), null, null));
                    }
                }
            }
        }
        return out;
    }

    private static void resolveTexts(Connection c, List<ArticleRef.ByText> texts, String defaultSource,
                                     Map<ArticleRef, Resolved> out) throws SQLException {
        if (texts.isEmpty()) {
            return;
        }
        Map<String, List<long[]>> bySha = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select a.id, a.sha256, a.source_id, s.name from article a "
                + "join source s on s.id = a.source_id where a.sha256 = any(?) order by a.id")) {
            ps.setArray(1, c.createArrayOf("text", texts.stream().map(ArticleRef.ByText::sha256).distinct().toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                Map<Long, String> names = new HashMap<>();
                while (rs.next()) {
                    bySha.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(new long[]{rs.getLong(1), rs.getLong(3)});
                    names.put(rs.getLong(3), rs.getString(4));
                }
                for (ArticleRef.ByText t : texts) {
                    String problem = invalidText(t.text());
                    if (problem != null) {
                        out.put(t, Resolved.error("text: " + problem));
                        continue;
                    }
                    String source = t.source() != null ? t.source() : defaultSource;
                    List<long[]> found = bySha.getOrDefault(t.sha256(), List.of());
                    long[] match = null;
                    if (source != null) {
                        for (long[] f : found) {
                            if (source.equals(names.get(f[1]))) {
                                match = f;
                            }
                        }
                    } else if (found.size() == 1) {
                        match = found.get(0);
                    } else if (found.size() > 1) {
                        out.put(t, Resolved.error("source: this text is an article of several sources (articles "
                                + found.stream().map(f -> Long.toString(f[0])).toList() + "); name one with ?source="));
                        continue;
                    } else {
                        out.put(t, Resolved.error("source: this text is not an article yet and neither the file nor "
                                + "?source= names its source"));
                        continue;
                    }
                    CodePointText text = CodePointText.of(t.text());
                    out.put(t, match != null ? new Resolved(match[0], text.length(), text, null, null)
                            : new Resolved(null, text.length(), text, t, null));
                }
            }
        }
    }

    /** Why a text cannot be an article (PostgreSQL refuses NUL; the article API's bound), or null. */
    static String invalidText(String text) {
        if (text.isEmpty()) {
            return "the text is empty";
        }
        if (text.length() > MAX_TEXT) {
            return "the text is longer than " + MAX_TEXT + " characters";
        }
        String unstorable = CodePoints.unstorable(text);
        return unstorable == null ? null : "the text " + unstorable;
    }

    /**
     * Creates the pending texts (and their sources, by name) that good lines use; returns each text's article id.
     * ON CONFLICT, then a lookup: a concurrent import of the same text must not fail.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<ArticleRef.ByText, Long> create(Collection<ArticleRef.ByText> pending, String defaultSource) {
        Map<ArticleRef.ByText, Long> ids = new HashMap<>();
        if (pending.isEmpty()) {
            return ids;
        }
        Map<String, ArticleRef.ByText> unique = new LinkedHashMap<>();
        for (ArticleRef.ByText t : pending) {
            unique.putIfAbsent(sourceOf(t, defaultSource) + "\u0000" + t.sha256(), t);
        }
        String[] sourceNames = unique.values().stream().map(t -> sourceOf(t, defaultSource)).distinct().toArray(String[]::new);
        session().doWork(c -> {
            Map<String, Long> sourceIds = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("insert into source (name, kind) "
                    + "select n, 'outlet' from unnest(?::text[]) as t(n) order by n on conflict (name) do nothing")) {
                ps.setArray(1, c.createArrayOf("text", sourceNames));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("select id, name from source where name = any(?)")) {
                ps.setArray(1, c.createArrayOf("text", sourceNames));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sourceIds.put(rs.getString(2), rs.getLong(1));
                    }
                }
            }
            List<ArticleRef.ByText> rows = new ArrayList<>(unique.values());
            Long[] source = new Long[rows.size()];
            String[] title = new String[rows.size()];
            String[] text = new String[rows.size()];
            Integer[] length = new Integer[rows.size()];
            String[] sha = new String[rows.size()];
            String[] url = new String[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                ArticleRef.ByText t = rows.get(i);
                source[i] = sourceIds.get(sourceOf(t, defaultSource));
                title[i] = t.title();
                text[i] = t.text();
                length[i] = t.text().codePointCount(0, t.text().length());
                sha[i] = t.sha256();
                url[i] = t.url();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into article (source_id, title, text, length, sha256, url) "
                    + "select * from unnest(?::bigint[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[]) "
                    + "on conflict on constraint article_source_text_unique do nothing")) {
                ps.setArray(1, c.createArrayOf("bigint", source));
                ps.setArray(2, c.createArrayOf("text", title));
                ps.setArray(3, c.createArrayOf("text", text));
                ps.setArray(4, c.createArrayOf("integer", length));
                ps.setArray(5, c.createArrayOf("text", sha));
                ps.setArray(6, c.createArrayOf("text", url));
                ps.executeUpdate();
            }
            Map<String, Long> stored = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select a.id, a.source_id, a.sha256 from article a "
                    + "join unnest(?::bigint[], ?::text[]) as k(s, h) on a.source_id = k.s and a.sha256 = k.h")) {
                ps.setArray(1, c.createArrayOf("bigint", source));
                ps.setArray(2, c.createArrayOf("text", sha));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getLong(2) + "\u0000" + rs.getString(3), rs.getLong(1));
                    }
                }
            }
            for (ArticleRef.ByText t : pending) {
                ids.put(t, stored.get(sourceIds.get(sourceOf(t, defaultSource)) + "\u0000" + t.sha256()));
            }
        });
        return ids;
    }

    private static String sourceOf(ArticleRef.ByText t, String defaultSource) {
        return t.source() != null ? t.source() : defaultSource;
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}
