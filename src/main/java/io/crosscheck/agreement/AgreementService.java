package io.crosscheck.agreement;

import io.crosscheck.common.IntervalRequest;
import io.crosscheck.common.Problem;
import io.crosscheck.common.ProblemException;
import io.crosscheck.projects.MemberService;
import io.crosscheck.projects.Project;
import io.crosscheck.projects.RaterAttribute;
import io.crosscheck.work.CompactWork;
import io.crosscheck.work.WorkLayer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Agreement of a project's layers: reads one snapshot of submitted work ({@link CompactWork}) and hands it to
 * the core through {@link DocumentAgreement} or {@link SpanAgreement}. Read-only: no audit, no transaction of
 * its own beyond the loader's read-only snapshot.
 */
@ApplicationScoped
public class AgreementService {

    /** Seed of the bootstrap when none is given, so the same data always give the same interval. */
    public static final long DEFAULT_SEED = 20110101L;

    @Inject
    CompactWork loader;

    @Inject
    MemberService members;

    /** The agreement of one layer; 404 for an unknown project or layer. Control items are left out. */
    public AgreementReport layer(long projectId, String layer, IntervalRequest ci) {
        return layer(projectId, layer, ci, false);
    }

    /** The same, with control items counted when {@code withControls} ({@code ?controls=include}). */
    public AgreementReport layer(long projectId, String layer, IntervalRequest ci, boolean withControls) {
        return layer(projectId, layer, ci, withControls, 1);
    }

    /** The same on one round's submitted work ({@code ?round=}, two-round projects; 1 by default). */
    public AgreementReport layer(long projectId, String layer, IntervalRequest ci, boolean withControls, int round) {
        return compute(load(projectId, layer, withControls, round), ci).get(0);
    }

    /** The agreement of every layer of the project, in layer order; 404 for an unknown project. */
    public List<AgreementReport> all(long projectId, IntervalRequest ci) {
        return all(projectId, ci, false);
    }

    public List<AgreementReport> all(long projectId, IntervalRequest ci, boolean withControls) {
        return all(projectId, ci, withControls, 1);
    }

    public List<AgreementReport> all(long projectId, IntervalRequest ci, boolean withControls, int round) {
        return compute(load(projectId, null, withControls, round), ci);
    }

    /**
     * The snapshot, without the rows of control items unless asked (SPEC §8: a control's gold is an answer key
     * the raters are measured against; their agreement on it is not the project's agreement).
     */
    private CompactWork.Snapshot load(long projectId, String layer, boolean withControls, int round) {
        CompactWork.Snapshot s = timed(() -> loader.load(projectId, layer, false, round));
        if (withControls) {
            return s;
        }
        boolean[] control = new boolean[s.items().size()];
        boolean any = false;
        long[] articles = s.items().articleIds();
        java.util.Set<Long> controls = loader.controlArticles(projectId);
        for (int i = 0; i < articles.length; i++) {
            control[i] = controls.contains(articles[i]);
            any |= control[i];
        }
        if (!any) {
            return s;
        }
        Map<WorkLayer, Object> rows = new HashMap<>();
        s.rows().forEach((l, r) -> rows.put(l, RaterGroups.only(r, (item, annotator) -> !control[item])));
        return new CompactWork.Snapshot(s.layers(), s.items(), rows, s.usernames(), s.sourceNames(), s.work());
    }

    /**
     * The same reports with the figures by rater group beside each ({@code ?groupBy=}): within each value of the
     * rater attribute, and between each two values. 400 when the project declares no such attribute.
     */
    public List<RaterGroups.GroupedReport> grouped(long projectId, String layer, IntervalRequest ci, String groupBy,
                                                   boolean withControls) {
        return grouped(projectId, layer, ci, groupBy, withControls, 1);
    }

    public List<RaterGroups.GroupedReport> grouped(long projectId, String layer, IntervalRequest ci, String groupBy,
                                                   boolean withControls, int round) {
        Project project = Project.<Project>findByIdOptional(projectId)
                .orElseThrow(() -> ProblemException.notFound("Project", projectId));
        RaterAttribute attribute = project.raterAttribute(groupBy).orElseThrow(() -> {
            String message = "must be one of the project's rater attributes " + project.raterAttributes.stream()
                    .map(RaterAttribute::name).toList();
            return new ProblemException(400, "Bad Request", "groupBy " + message,
                    List.of(new Problem.FieldError("groupBy", message)));
        });
        CompactWork.Snapshot s = load(projectId, layer, withControls, round);
        Map<Long, String> groupOfId = new HashMap<>();
        members.profiles(projectId).forEach((id, profile) -> {
            if (profile.get(groupBy) instanceof String value) {
                groupOfId.put(id, value);
            }
        });
        List<String> groups = attribute.closed() ? attribute.values()
                : groupOfId.values().stream().distinct().sorted().toList();
        Map<String, String> groupOfName = new HashMap<>();
        groupOfId.forEach((id, g) -> {
            if (s.usernames().containsKey(id)) {
                groupOfName.put(s.usernames().get(id), g);
            }
        });
        List<AgreementReport> overall = compute(s, ci);
        List<RaterGroups.GroupedReport> out = new ArrayList<>();
        for (int l = 0; l < s.layers().size(); l++) {
            WorkLayer info = s.layers().get(l);
            Object rows = s.rows().get(info);
            List<RaterGroups.Group> within = new ArrayList<>();
            for (String g : groups) {
                RaterGroups.Keep inGroup = RaterGroups.Keep.annotators(id -> g.equals(groupOfId.get(id)));
                long raters = groupOfId.entrySet().stream().filter(e -> e.getValue().equals(g)
                        && s.usernames().containsKey(e.getKey())).count();
                AgreementReport report = info.isSpan()
                        ? SpanAgreement.compute(info, s.items(), RaterGroups.only((CompactWork.SpanRows) rows, inGroup),
                        s.usernames(), s.sourceNames(), ci)
                        : DocumentAgreement.compute(info, s.items(),
                        RaterGroups.only((CompactWork.DocumentRows) rows, inGroup), s.usernames(), s.sourceNames(), ci);
                within.add(new RaterGroups.Group(g, (int) raters, report));
            }
            out.add(new RaterGroups.GroupedReport(overall.get(l), groupBy, within,
                    RaterGroups.between(overall.get(l), groups, groupOfName)));
        }
        return out;
    }

    private static List<AgreementReport> compute(CompactWork.Snapshot s, IntervalRequest ci) {
        long t0 = System.nanoTime();
        List<AgreementReport> out = new ArrayList<>();
        for (WorkLayer layer : s.layers()) {
            Object rows = s.rows().get(layer);
            out.add(layer.isSpan()
                    ? SpanAgreement.compute(layer, s.items(), (CompactWork.SpanRows) rows, s.usernames(),
                    s.sourceNames(), ci)
                    : DocumentAgreement.compute(layer, s.items(), (CompactWork.DocumentRows) rows, s.usernames(),
                    s.sourceNames(), ci));
        }
        Log.debugf("agreement of %d layer(s) over %d items computed in %d ms", out.size(), s.items().size(),
                (System.nanoTime() - t0) / 1_000_000);
        return out;
    }

    private static CompactWork.Snapshot timed(java.util.function.Supplier<CompactWork.Snapshot> load) {
        long t0 = System.nanoTime();
        CompactWork.Snapshot s = load.get();
        Log.debugf("agreement data read in %d ms", (System.nanoTime() - t0) / 1_000_000);
        return s;
    }
}
