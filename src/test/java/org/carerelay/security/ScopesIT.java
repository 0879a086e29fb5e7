package org.carerelay.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.carerelay.testing.AbstractSecuredFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

/** What each form of scope lets a user/ or system/ client do: SMART v2, v1 and wildcards. */
class ScopesIT extends AbstractSecuredFhirIT {

    static final String TASK = "{\"resourceType\":\"Task\",\"status\":\"draft\",\"intent\":\"order\"}";
    static final String CARE_PLAN = "{\"resourceType\":\"CarePlan\",\"status\":\"draft\",\"intent\":\"plan\","
            + "\"subject\":{\"display\":\"someone\"}}";

    @Test
    void v2ReadAndSearchOnOneTypeAllowsExactlyThat() {
        String token = token().scope("user/Task.rs").rsa();
        String task = created("Task", TASK);

        assertThat(send("GET", "/" + task, null, token).status()).isEqualTo(200);
        assertThat(send("GET", "/Task?_id=" + task.substring(5), null, token).status())
                .isEqualTo(200);
        assertRefused(send("POST", "/Task", TASK, token), "user/Task.c");
        assertRefused(
                send("PUT", "/" + task, TASK.replace("{", "{\"id\":\"" + task.substring(5) + "\","), token),
                "user/Task.u");
        assertRefused(send("DELETE", "/" + task, null, token), "user/Task.d");
        assertRefused(send("GET", "/CarePlan", null, token), "user/CarePlan.s");
    }

    @Test
    void readWithoutSearchAndSearchWithoutReadAreDistinct() {
        String plan = created("CarePlan", CARE_PLAN);

        String readOnly = token().scope("system/CarePlan.r").rsa();
        assertThat(send("GET", "/" + plan, null, readOnly).status()).isEqualTo(200);
        assertRefused(send("GET", "/CarePlan?_id=" + plan.substring(9), null, readOnly), "system/CarePlan.s");

        String searchOnly = token().scope("system/CarePlan.s").rsa();
        assertThat(send("GET", "/CarePlan?_id=" + plan.substring(9), null, searchOnly)
                        .status())
                .isEqualTo(200);
        assertRefused(send("GET", "/" + plan, null, searchOnly), "system/CarePlan.r");
    }

    @Test
    void v1ReadAndWriteScopesMapToTheirV2Letters() {
        String reader = token().scope("user/*.read").rsa();
        assertThat(send("GET", "/CarePlan", null, reader).status()).isEqualTo(200);
        assertRefused(send("POST", "/Task", TASK, reader), "user/Task.c");

        String writer = token().scope("user/Task.write").rsa();
        Response created = send("POST", "/Task", TASK, writer);
        assertThat(created.status()).isEqualTo(201);
        String task = created.header("Location").replaceAll(".*/fhir/", "").replaceAll("/_history/.*", "");
        assertRefused(send("GET", "/" + task, null, writer), "user/Task.r");
        assertThat(send("DELETE", "/" + task, null, writer).status()).isEqualTo(200);
    }

    @Test
    void wildcardScopesCoverEveryType() {
        String token = token().scope("user/*.cruds").rsa();
        String task = created("Task", TASK);
        assertThat(send("GET", "/" + task, null, token).status()).isEqualTo(200);
        assertThat(send("POST", "/CarePlan", CARE_PLAN, token).status()).isEqualTo(201);
        assertThat(send("DELETE", "/" + task, null, token).status()).isEqualTo(200);
    }

    @Test
    void writesInsideATransactionNeedTheirScopesToo() {
        String token = token().scope("user/Task.c").rsa();
        String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + "{\"resource\":" + TASK + ",\"request\":{\"method\":\"POST\",\"url\":\"Task\"}},"
                + "{\"resource\":" + CARE_PLAN + ",\"request\":{\"method\":\"POST\",\"url\":\"CarePlan\"}}]}";

        assertRefused(send("POST", "", transaction, token), "user/CarePlan.c");
    }

    @Test
    void aTokenWithoutResourceScopesReachesNothing() {
        String token = token().scope("openid fhirUser").rsa();
        assertRefused(send("GET", "/Patient", null, token), "user/Patient.s");
    }

    @Test
    void bulkDestructiveOperationsStayRefusedForEveryScope() {
        String token = token().scope("system/*.cruds user/*.cruds").rsa();
        Response expunge = send("POST", "/$expunge", "{\"resourceType\":\"Parameters\"}", token);
        assertThat(expunge.status()).isEqualTo(403);
        assertThat(expunge.outcome().getIssueFirstRep().getDiagnostics())
                .isEqualTo("Operation $expunge is disabled on this server");
    }

    private String created(String type, String body) {
        Response response =
                send("POST", "/" + type, body, token().scope("system/*.cruds").rsa());
        assertThat(response.status()).isEqualTo(201);
        return response.header("Location").replaceAll(".*/fhir/", "").replaceAll("/_history/.*", "");
    }

    static void assertRefused(Response response, String scope) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        OperationOutcome.OperationOutcomeIssueComponent issue =
                response.outcome().getIssueFirstRep();
        assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
        assertThat(issue.getDiagnostics()).contains(scope);
    }
}
