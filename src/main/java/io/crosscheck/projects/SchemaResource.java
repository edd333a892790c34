package io.crosscheck.projects;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** {@code GET /projects/{id}/schema}: the annotator-visible schema of one project (members, supervisors, admins). */
@Path("/api/v1/projects/{id}/schema")
@RolesAllowed({Roles.ANNOTATOR, Roles.SUPERVISOR, Roles.ADMIN})
public class SchemaResource {

    @Inject
    SchemaService schemas;

    @Inject
    CurrentUser currentUser;

    /** 404 for an annotator who is not a member, as if the project did not exist. */
    @GET
    public SchemaService.ProjectSchema schema(@PathParam("id") long id) {
        return schemas.schema(id, currentUser.actor());
    }
}
