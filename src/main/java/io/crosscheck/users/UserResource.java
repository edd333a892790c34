package io.crosscheck.users;

import io.crosscheck.common.CarriesSecret;
import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.Roles;
import io.crosscheck.common.TokenIdentityProvider;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.OffsetDateTime;

/** Users and tokens (admin), and {@code /me} for anyone signed in. */
@Path("/api/v1")
public class UserResource {

    @Inject
    UserService users;

    @Inject
    CurrentUser currentUser;

    @Inject
    TokenIdentityProvider tokens;

    public record CreateUserRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{1,100}", message = "1–100 letters, digits or . _ @ -")
            String username,
            @NotNull @Pattern(regexp = "annotator|supervisor|admin", message = "must be annotator, supervisor or admin")
            String role) {
    }

    public record UserResponse(Long id, String username, String role, boolean canLogIn, OffsetDateTime createdAt) {
        static UserResponse from(User u) {
            return new UserResponse(u.id, u.username, u.role, u.tokenHash != null, u.createdAt);
        }
    }

    /** Returned once at creation or rotation: the only time the clear token is visible (never cached: no-store). */
    public record UserWithToken(Long id, String username, String role, String token) implements CarriesSecret {
        static UserWithToken from(UserService.Created c) {
            return new UserWithToken(c.user().id, c.user().username, c.user().role, c.token());
        }
    }

    @APIResponse(responseCode = "201", description = "The user, created, with its token (shown this once)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = UserWithToken.class)))
    @APIResponse(responseCode = "409", description = "A user with this name exists")
    @POST
    @Path("/users")
    @RolesAllowed(Roles.ADMIN)
    public Response create(@Valid @NotNull CreateUserRequest request) {
        var created = users.create(request.username(), request.role(), currentUser.id());
        return Response.status(201).entity(UserWithToken.from(created)).build();
    }

    @GET
    @Path("/users")
    @RolesAllowed(Roles.ADMIN)
    public Page<UserResponse> list(@Valid @BeanParam PageRequest page) {
        return users.list(page).map(UserResponse::from);
    }

    @POST
    @Path("/users/{id}/token")
    @RolesAllowed(Roles.ADMIN)
    public UserWithToken rotate(@PathParam("id") long id) {
        UserWithToken rotated = UserWithToken.from(users.rotateToken(id, currentUser.id()));
        // After the commit: forgetting earlier would let a request in between remember the old token again.
        tokens.forgetUser(id);
        return rotated;
    }

    @GET
    @Path("/me")
    @RolesAllowed({Roles.ANNOTATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public UserResponse me() {
        return UserResponse.from(users.get(currentUser.id()));
    }
}
