package io.crosscheck.projects;

import io.crosscheck.common.CurrentUser;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;
import java.util.Map;

/** A project's members (supervisor, admin): only members claim work, unless the project is open (SPEC §2). */
@Path("/api/v1/projects/{id}/members")
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class MemberResource {

    @Inject
    MemberService members;

    @Inject
    CurrentUser currentUser;

    /** Body of {@code POST /members}: annotators by {@code usernames} or by {@code userIds}. */
    public record AddMembersRequest(@Size(min = 1, max = 1000) List<@NotBlank @Size(max = 100) String> usernames,
                                    @Size(min = 1, max = 1000) List<@NotNull Long> userIds) {
        @AssertTrue(message = "give either usernames or userIds")
        public boolean isNamesOrIds() {
            return (usernames == null) != (userIds == null);
        }
    }

    /** 200: how many were new, and the membership of everyone named (adding a member twice is a no-op). */
    @POST
    public MemberService.Added add(@PathParam("id") long id, @Valid @NotNull AddMembersRequest request) {
        return members.add(id, request.usernames(), request.userIds(), currentUser.id());
    }

    @GET
    public Page<MemberService.Member> list(@PathParam("id") long id, @Valid @BeanParam PageRequest page) {
        return members.list(id, page);
    }

    /** Body of {@code PUT /members/{userId}}: the member's whole rater profile, values of the project's raterAttributes. */
    public record ProfileRequest(@NotNull @Size(max = 20) Map<@NotBlank @Size(max = 100) String, Object> profile) {
    }

    /** 200 with the member; replaces the profile. 422 for an undeclared attribute or value, 404 when not a member. */
    @PUT
    @Path("/{userId}")
    public MemberService.Member setProfile(@PathParam("id") long id, @PathParam("userId") long userId,
                                           @Valid @NotNull ProfileRequest request) {
        return members.setProfile(id, userId, request.profile(), currentUser.id());
    }

    /** 204; the member's live lease ends, their submitted work stays. 404 when not a member. */
    @APIResponse(responseCode = "204", description = "The user is no longer a member")
    @DELETE
    @Path("/{userId}")
    public Response remove(@PathParam("id") long id, @PathParam("userId") long userId) {
        members.remove(id, userId, currentUser.id());
        return Response.noContent().build();
    }
}
