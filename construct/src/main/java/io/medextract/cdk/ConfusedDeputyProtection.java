package io.medextract.cdk;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.constructs.IConstruct;

/**
 * Every Lambda permission the platform grants to an AWS service carries {@code SourceAccount} besides
 * {@code SourceArn}: AWS recommends both against the confused deputy problem
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html). CDK sets only SourceArn for API
 * Gateway and EventBridge targets.
 */
final class ConfusedDeputyProtection {

    private ConfusedDeputyProtection() {}

    static void addSourceAccount(IConstruct platform) {
        for (IConstruct child : platform.getNode().findAll()) {
            if (child instanceof CfnPermission permission && permission.getSourceAccount() == null
                    && String.valueOf(Stack.of(permission).resolve(permission.getPrincipal())).endsWith(".amazonaws.com")) {
                permission.setSourceAccount(Aws.ACCOUNT_ID);
            }
        }
    }
}
