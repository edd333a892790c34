package io.crosscheck.projects;

import io.crosscheck.common.CurrentUser.Actor;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an annotator may read of a project (SPEC §2): its label schema (layers, labels with descriptions and keys,
 * attributes, guidelines) and the caller's own progress. Never anyone else's work, never sources.
 */
@ApplicationScoped
public class SchemaService {

    /** Cached layer lists per project; beyond this many projects the cache starts again (it refills on demand). */
    private static final int CACHE_LIMIT = 1000;

    @Inject
    EntityManager em;

    @Inject
    MemberService members;

    private record Cached(int schemaVersion, List<LayerSpec> layers) {
    }

    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    /** The annotator-visible schema of one project, with the caller's progress in it. */
    public record ProjectSchema(long id, String name, int schemaVersion, int annotatorsPerItem, boolean blindSources,
                                String access, List<LayerSpec> layers, Progress progress) {
    }

    /**
     * The caller's own work in the project: {@code submitted} assignments, {@code inProgress} (a live lease: 0 or 1)
     * and {@code available}, the items still open to them (not yet full, never had by them; controls only while
     * regular work remains for them, as the queue serves them).
     */
    public record Progress(long submitted, long inProgress, long available) {
    }

    /**
     * The caller's progress, in one query. "Live lease" is status leased and unexpired; an item counts as available
     * while fewer than k assignments are leased or submitted (project_item.is_full, which still counts a lapsed lease
     * that no claim has yet marked expired). Control items the caller never had count only as queue_claim serves
     * them (controls_served: while regular work remains for the caller and the project's control rate is above 0, so
     * a rater whose regular work is done is not told that controls remain).
     */
    static final String ANNOTATOR_PROGRESS = "select "
            + "count(*) filter (where " + io.crosscheck.work.WorkRules.workCounts("a") + "), "
            + "count(*) filter (where lease_is_live(a.status, a.lease_expires_at)), "
            + "(select o.regular + case when " + io.crosscheck.work.WorkRules.controlsServed("p.control_rate", "o.regular > 0")
            + " then o.controls else 0 end "
            + "   from project p, (select count(*) filter (where not i.is_control) as regular, "
            + "                           count(*) filter (where i.is_control) as controls "
            + "      from project_item i where i.project_id = ?1 and not i.is_full "
            + "       and not exists (select 1 from assignment b where b.item_id = i.id and b.annotator_id = ?2)) o "
            + "   where p.id = ?1) "
            + "from assignment a where a.project_id = ?1 and a.annotator_id = ?2";

    /** For members (and any annotator of an open project), supervisors and admins; anyone else gets 404. */
    @Transactional
    public ProjectSchema schema(long projectId, Actor actor) {
        Project project = Project.findById(projectId);
        if (project == null || (!actor.supervisor() && !members.admits(project, actor))) {
            throw ProblemException.notFound("Project", projectId);
        }
        return schemaOf(project, actor.id());
    }

    /** The projects the caller works on (member, or an open project for an annotator), by id. */
    @Transactional
    public Page<ProjectSchema> myProjects(Actor actor, PageRequest page) {
        String where = "from project p where exists (select 1 from project_member m where m.project_id = p.id "
                + "and m.user_id = ?1)" + (actor.supervisor() ? "" : " or p.access = 'open'");
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select p.id " + where + " order by p.id limit ?2 offset ?3")
                .setParameter(1, actor.id()).setParameter(2, page.size).setParameter(3, page.offset()).getResultList();
        long total = ((Number) em.createNativeQuery("select count(*) " + where).setParameter(1, actor.id())
                .getSingleResult()).longValue();
        List<ProjectSchema> items = new ArrayList<>(ids.size());
        for (Number id : ids) {
            items.add(schemaOf(Project.findById(id.longValue()), actor.id()));
        }
        return new Page<>(items, page.page, page.size, total);
    }

    /**
     * The layers of a project at the given schema version, as queue/next hands them out: read once per version
     * (every schema change bumps the version), so a claim costs no extra queries.
     */
    public List<LayerSpec> layers(long projectId, int schemaVersion) {
        Cached cached = cache.get(projectId);
        if (cached != null && cached.schemaVersion() == schemaVersion) {
            return cached.layers();
        }
        Cached fresh = load(projectId);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(projectId, fresh);
        return fresh.layers();
    }

    @Transactional
    Cached load(long projectId) {
        Project project = Project.findById(projectId);
        if (project == null) {
            throw ProblemException.notFound("Project", projectId);
        }
        return new Cached(project.schemaVersion, project.layers.stream().map(LayerSpec::from).toList());
    }

    public Progress progress(long projectId, long annotatorId) {
        Object[] r = (Object[]) em.createNativeQuery(ANNOTATOR_PROGRESS, Object[].class)
                .setParameter(1, projectId).setParameter(2, annotatorId).getSingleResult();
        return new Progress(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue());
    }

    private ProjectSchema schemaOf(Project project, long callerId) {
        return new ProjectSchema(project.id, project.name, project.schemaVersion, project.annotatorsPerItem,
                project.blindSources, project.access, project.layers.stream().map(LayerSpec::from).toList(),
                progress(project.id, callerId));
    }
}
