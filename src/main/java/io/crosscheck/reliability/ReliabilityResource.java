package io.crosscheck.reliability;

import io.crosscheck.common.IntervalRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.common.Roles;
import io.crosscheck.database.ReportRead;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** Source reliability for supervisors: the per-source report and the story view across versions. */
@Path("/api/v1/projects/{id}")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@ReportRead
public class ReliabilityResource {

    @Inject
    SourceReportService reports;

    @Inject
    StoryService stories;

    @GET
    @Path("/sources/report")
    public SourceReportService.Report report(@PathParam("id") long id, @BeanParam IntervalRequest.Query interval,
                                             @QueryParam("weightBy") String weightBy) {
        if (weightBy != null && weightBy.isBlank()) {
            throw ProblemException.badRequest("weightBy must name a rater attribute, e.g. weightBy=lean")
                    .with("parameter", "weightBy");
        }
        return reports.report(id, interval.orDefaults(SourceReportService.DEFAULT_CI),
                weightBy == null ? null : weightBy.strip());
    }

    @GET
    @Path("/stories/{storyKey}")
    public StoryService.Story story(@PathParam("id") long id, @PathParam("storyKey") String storyKey) {
        return stories.story(id, storyKey);
    }
}
