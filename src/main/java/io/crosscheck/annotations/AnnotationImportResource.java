package io.crosscheck.annotations;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.io.IOException;
import java.io.InputStream;

/** {@code POST /projects/{id}/annotations/import} (fixed): NDJSON of annotations by named annotators (supervisor, admin). */
@Path("/api/v1/projects/{projectId}/annotations")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class AnnotationImportResource {

    public static final String NDJSON = "application/x-ndjson";

    @Inject
    AnnotationImport annotationImport;

    @Inject
    CurrentUser currentUser;

    @POST
    @Path("/import")
    @Consumes(NDJSON)
    public AnnotationImportReport importNdjson(@PathParam("projectId") long projectId, InputStream body) throws IOException {
        return annotationImport.importNdjson(projectId, body, currentUser.id());
    }
}
