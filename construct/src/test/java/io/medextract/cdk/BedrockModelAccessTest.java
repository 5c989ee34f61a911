package io.medextract.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which ARNs the extract role may invoke, for each form a model id can take. */
class BedrockModelAccessTest {

    private static final String SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    @Test
    void euProfileGrantsTheModelInEveryEuDestinationRegionAndNoUsRegion() {
        List<String> arns = BedrockModelAccess.resolve("eu." + SONNET, null).resourceArns();

        assertThat(arns).anyMatch(a -> a.endsWith(":inference-profile/eu." + SONNET));
        for (String region : List.of("eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
                "eu-west-1", "eu-west-2", "eu-west-3")) {
            assertThat(arns).anyMatch(a -> a.endsWith(":bedrock:" + region + "::foundation-model/" + SONNET));
        }
        assertThat(arns).noneMatch(a -> a.contains(":bedrock:us-"));
        assertThat(arns).noneMatch(a -> a.contains("*"));
    }

    @Test
    void japanAndAustraliaProfilesRouteWithinTheirCountry() {
        assertThat(BedrockModelAccess.resolve("jp." + SONNET, null).resourceArns())
                .anyMatch(a -> a.contains(":bedrock:ap-northeast-3::foundation-model/" + SONNET))
                .noneMatch(a -> a.contains(":bedrock:ap-southeast-2::"));
        assertThat(BedrockModelAccess.resolve("au." + SONNET, null).resourceArns())
                .anyMatch(a -> a.contains(":bedrock:ap-southeast-4::foundation-model/" + SONNET))
                .noneMatch(a -> a.contains(":bedrock:ap-northeast-1::"));
    }

    @Test
    void globalProfileUsesTheRegionLessModelArn() {
        List<String> arns = BedrockModelAccess.resolve("global." + SONNET, null).resourceArns();

        assertThat(arns).contains(arns.stream().filter(a -> a.contains(":bedrock:::foundation-model/" + SONNET))
                .findFirst().orElseThrow());
        assertThat(arns).anyMatch(a -> a.endsWith(":inference-profile/global." + SONNET));
    }

    @Test
    void foundationModelIdGrantsOnlyThatModelInTheStackRegion() {
        List<String> arns = BedrockModelAccess.resolve(SONNET, null).resourceArns();

        assertThat(arns).hasSize(1);
        assertThat(arns.get(0)).endsWith("::foundation-model/" + SONNET).doesNotContain("inference-profile");
    }

    @Test
    void profileArnKeepsItsRegionAndDerivesTheDestinationsFromTheProfileId() {
        String arn = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu." + SONNET;

        List<String> arns = BedrockModelAccess.resolve(arn, null).resourceArns();

        assertThat(arns).contains(arn,
                "arn:aws:bedrock:eu-west-1::foundation-model/" + SONNET,
                "arn:aws:bedrock:eu-north-1::foundation-model/" + SONNET);
        assertThat(arns).noneMatch(a -> a.contains(":bedrock:us-"));
    }

    @Test
    void foundationModelArnIsGrantedAsGiven() {
        String arn = "arn:aws:bedrock:us-west-2::foundation-model/" + SONNET;

        assertThat(BedrockModelAccess.resolve(arn, null).resourceArns()).containsExactly(arn);
    }

    @Test
    void explicitRegionsReplaceTheGeographyTable() {
        List<String> arns = BedrockModelAccess.resolve("apac." + SONNET, List.of("ap-south-1", "ap-southeast-1"))
                .resourceArns();

        assertThat(arns).anyMatch(a -> a.endsWith(":bedrock:ap-south-1::foundation-model/" + SONNET))
                .anyMatch(a -> a.endsWith(":bedrock:ap-southeast-1::foundation-model/" + SONNET))
                .anyMatch(a -> a.endsWith(":inference-profile/apac." + SONNET));
    }

    @Test
    void unknownDestinationsAndApplicationProfilesAreRejected() {
        assertThatThrownBy(() -> BedrockModelAccess.resolve("apac." + SONNET, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'apac' inference profile")
                .hasMessageContaining("bedrockModelRegions");
        assertThatThrownBy(() -> BedrockModelAccess.resolve(
                "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("application inference profile");
        assertThatThrownBy(() -> BedrockModelAccess.resolve("arn:aws:s3:::bucket", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Bedrock");
    }
}
