package io.crosscheck.projects;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** {@code /projects/{id}/members}: who may claim work on a project, and the import's annotators joining it. */
@QuarkusTest
class MemberResourceTest {

    static final String PROBLEM = "application/problem+json";

    long projectId;

    @BeforeEach
    void project() {
        projectId = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
    }

    String members() {
        return "/api/v1/projects/" + projectId + "/members";
    }

    @Nested
    class Add {

        @Test
        void addingByUsernameIs200AndListsTheMembers() {
            TestUser a = Fixtures.annotator();
            TestUser b = Fixtures.annotator();
            asAdmin().body(Map.of("usernames", List.of(a.username(), b.username()))).when().post(members())
                    .then().statusCode(200).body("added", equalTo(2))
                    .body("members.username", equalTo(List.of(a.username(), b.username()).stream().sorted().toList()))
                    .body("members[0].profile", equalTo(Map.of())).body("members[0].addedAt", notNullValue());
            asAdmin().when().get(members()).then().statusCode(200).body("total", equalTo(2))
                    .body("items.username", equalTo(List.of(a.username(), b.username()).stream().sorted().toList()));
        }

        @Test
        void addingByIdTwiceIsANoOp() {
            TestUser a = Fixtures.annotator();
            TestUser supervisor = Fixtures.supervisor();
            as(supervisor.token()).body(Map.of("userIds", List.of(a.id()))).when().post(members())
                    .then().statusCode(200).body("added", equalTo(1));
            as(supervisor.token()).body(Map.of("userIds", List.of(a.id()))).when().post(members())
                    .then().statusCode(200).body("added", equalTo(0)).body("members.username", equalTo(List.of(a.username())));
        }

        @Test
        void unknownUsernamesAre422AndNobodyIsAdded() {
            TestUser a = Fixtures.annotator();
            asAdmin().body(Map.of("usernames", List.of(a.username(), "nobody-" + Fixtures.unique("x"))))
                    .when().post(members()).then().statusCode(422).contentType(PROBLEM)
                    .body("detail", containsString("no such user")).body("errors[0].field", equalTo("usernames"));
            asAdmin().when().get(members()).then().body("items", empty());
        }

        @Test
        void aSupervisorCannotBeAMember() {
            TestUser supervisor = Fixtures.supervisor();
            asAdmin().body(Map.of("userIds", List.of(supervisor.id()))).when().post(members())
                    .then().statusCode(422).contentType(PROBLEM).body("detail", containsString("only annotators"));
        }

        @Test
        void namesAndIdsTogetherOrNeitherAre400() {
            asAdmin().body(Map.of()).when().post(members()).then().statusCode(400).contentType(PROBLEM);
            asAdmin().body(Map.of("usernames", List.of("a"), "userIds", List.of(1))).when().post(members())
                    .then().statusCode(400).contentType(PROBLEM);
        }

        @Test
        void anUnknownProjectIs404() {
            asAdmin().body(Map.of("userIds", List.of(Fixtures.annotator().id())))
                    .when().post("/api/v1/projects/987654321/members").then().statusCode(404).contentType(PROBLEM);
        }

        @Test
        void annotatorsMayNotManageMembers() {
            TestUser a = Fixtures.member(projectId);
            as(a.token()).body(Map.of("userIds", List.of(a.id()))).when().post(members()).then().statusCode(403);
            as(a.token()).when().get(members()).then().statusCode(403);
            as(a.token()).when().delete(members() + "/" + a.id()).then().statusCode(403);
        }
    }

    @Nested
    class Remove {

        @Test
        void removingIs204AndASecondRemoveIs404() {
            TestUser a = Fixtures.member(projectId);
            asAdmin().when().delete(members() + "/" + a.id()).then().statusCode(204);
            asAdmin().when().delete(members() + "/" + a.id()).then().statusCode(404).contentType(PROBLEM);
            asAdmin().when().get(members()).then().body("total", equalTo(0));
        }
    }

    @Nested
    class Import {

        @Test
        void annotatorsNamedByAnImportBecomeMembers() {
            long article = Fixtures.article(Fixtures.source(), "Imported text " + Fixtures.unique("t"));
            String coder = Fixtures.unique("coder");
            Fixtures.importAnnotationLines(projectId, List.of(
                    Map.of("articleId", article, "annotator", coder, "layer", "stance", "label", "pro")));
            asAdmin().when().get(members()).then().statusCode(200).body("items.username", equalTo(List.of(coder)));
        }

        @Test
        void theAnnotatorOfAnImportInAnotherToolsFormatBecomesAMember() {
            long project = Fixtures.project(1, List.of(Fixtures.spanLayer("entities", List.of("ORG", "PER"))));
            String coder = Fixtures.unique("doccano");
            String line = "{\"text\": \"Acme hired Ann " + Fixtures.unique("t") + "\", \"label\": [[0, 4, \"ORG\"]]}\n";
            Fixtures.ndjson(Fixtures.ADMIN_TOKEN, line).when()
                    .post("/api/v1/projects/" + project + "/annotations/import?format=doccano&layer=entities&source="
                            + Fixtures.unique("wire") + "&annotator=" + coder)
                    .then().statusCode(200).body("failed", equalTo(0));
            asAdmin().when().get("/api/v1/projects/" + project + "/members").then().statusCode(200)
                    .body("items.username", equalTo(List.of(coder)));
        }
    }
}
