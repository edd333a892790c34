package io.crosscheck.projects;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** {@code GET /me/projects}: the projects the caller works on, each with its schema and the caller's progress. */
@Path("/api/v1/me/projects")
@RolesAllowed({Roles.ANNOTATOR, Roles.SUPERVISOR, Roles.ADMIN})
public class MyProjectsResource {

    @Inject
    SchemaService schemas;

    @Inject
    CurrentUser currentUser;

    @GET
    public Page<SchemaService.ProjectSchema> list(@Valid @BeanParam PageRequest page) {
        return schemas.myProjects(currentUser.actor(), page);
    }
}
