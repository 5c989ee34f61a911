package io.medextract.handlers.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.medextract.handlers.http.ApiRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequesterTest {

    @Test
    void everySessionOfOneRoleIsOneOwnerAndOtherIdentitiesOwnAsThemselves() {
        assertThat(Requester.ownerOf("arn:aws:sts::123456789012:assumed-role/intake/task-1"))
                .isEqualTo(Requester.ownerOf("arn:aws:sts::123456789012:assumed-role/intake/i-0abc/extra"))
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/intake");
        assertThat(Requester.ownerOf("arn:aws-us-gov:sts::123456789012:assumed-role/intake/s"))
                .isEqualTo("arn:aws-us-gov:sts::123456789012:assumed-role/intake");
        assertThat(Requester.ownerOf("arn:aws:sts::123456789012:assumed-role/intake/task-1"))
                .isNotEqualTo(Requester.ownerOf("arn:aws:sts::123456789012:assumed-role/reporting/task-1"));
        for (String self : new String[] {"arn:aws:iam::123456789012:user/bob", "cognito:5f1c-77",
                "arn:aws:sts::123456789012:federated-user/bob", "arn:aws:iam::123456789012:role/test-caller"}) {
            assertThat(Requester.ownerOf(self)).isEqualTo(self);
        }
    }

    @Test
    void onlyTheAnyOwnerRoutesReadAcrossOwners() {
        assertThat(Requester.of(request("/api/any-owner/documents/{id}")).acrossOwners()).isTrue();
        assertThat(Requester.of(request("/api/documents/{id}")).acrossOwners()).isFalse();
        assertThat(Requester.of(request("/api/documents/{id}")).owner()).isEqualTo("arn:aws:sts::123456789012:assumed-role/r");
    }

    @Test
    void ownerOnlyReadsOwnItemsSharedReadsAllAndAcrossOwnersNeverChanges() {
        Requester owner = Requester.ownRoutes("cognito:a");
        Requester other = Requester.ownRoutes("cognito:b");
        Requester reviewer = new Requester("cognito:b", "cognito:b", true);
        assertThat(DocumentAccess.OWNER_ONLY.mayRead("cognito:a", owner)).isTrue();
        assertThat(DocumentAccess.OWNER_ONLY.mayRead("cognito:a", other)).isFalse();
        assertThat(DocumentAccess.OWNER_ONLY.mayRead(null, owner)).as("no owner: nobody's").isFalse();
        assertThat(DocumentAccess.OWNER_ONLY.mayRead(null, reviewer)).isTrue();
        assertThat(DocumentAccess.OWNER_ONLY.mayChange("cognito:a", reviewer)).isFalse();
        assertThat(DocumentAccess.SHARED.mayRead("cognito:a", other)).isTrue();
        assertThat(DocumentAccess.SHARED.mayChange(null, other)).isTrue();
    }

    @Test
    void aMissingModeIsOwnerOnlyAndAWrongOneFailsLoudly() {
        assertThat(DocumentAccess.from(Map.of())).isEqualTo(DocumentAccess.OWNER_ONLY);
        assertThat(DocumentAccess.from(Map.of("DOCUMENT_ACCESS", "SHARED"))).isEqualTo(DocumentAccess.SHARED);
        assertThatThrownBy(() -> DocumentAccess.from(Map.of("DOCUMENT_ACCESS", "shared-ish")))
                .hasMessageContaining("OWNER_ONLY or SHARED");
    }

    private static ApiRequest request(String resource) {
        return new ApiRequest("GET", resource, Map.of(), Map.of(), Map.of(), null, false, "r",
                "arn:aws:sts::123456789012:assumed-role/r/s");
    }
}
