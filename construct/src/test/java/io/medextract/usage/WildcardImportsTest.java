package io.medextract.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.medextract.cdk.*;
import software.amazon.awscdk.*;
import org.junit.jupiter.api.Test;

/**
 * A user's app imports both packages whole, as the README snippet does. This file compiling is the test that
 * no construct type clashes with aws-cdk-lib's (it did while the stage enum was called {@code Stage}).
 */
class WildcardImportsTest {

    @Test
    void theReadmeImportsCompileAndSynthesizeInsideACdkStage() {
        App app = new App();
        Stage prodStage = Stage.Builder.create(app, "Prod").build();
        Stack stack = new Stack(prodStage, "Platform");
        MedExtractPlatform platform = new MedExtractPlatform(stack, "Extraction",
                MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).build());

        assertThat(platform.getStage()).isEqualTo(DeploymentStage.PROD);
        assertThat(prodStage.synth().getStacks()).hasSize(1);
    }
}
