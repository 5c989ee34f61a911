package io.medextract.cdk;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.ILambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaApplication;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * CodeDeploy shifts each {@code live} alias to a new version: a 10 % canary for 5 minutes in staging and prod,
 * all at once in dev, rolling back by itself when the function's error-rate or p99 latency alarm fires.
 */
final class SafeDeploys extends Construct {

    static final String SERVICE_ROLE_POLICY = "service-role/AWSCodeDeployRoleForLambdaLimited";

    private final Role role;
    private final Map<PlatformFunction, LambdaDeploymentGroup> groups = new EnumMap<>(PlatformFunction.class);

    SafeDeploys(Construct scope, String id, EffectiveSettings settings, HandlerFunctions functions,
                PlatformMonitoring monitoring) {
        super(scope, id);
        ILambdaDeploymentConfig config = settings.values().canaryDeploys()
                ? LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES : LambdaDeploymentConfig.ALL_AT_ONCE;
        LambdaApplication application = LambdaApplication.Builder.create(this, "Application").build();
        // One service role for the four groups, carrying only the AWS managed policy CodeDeploy documents for
        // Lambda; handed over without policy updates so no group adds a role of its own.
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("codedeploy.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(SERVICE_ROLE_POLICY)))
                .build();
        for (PlatformFunction kind : PlatformFunction.values()) {
            groups.put(kind, LambdaDeploymentGroup.Builder.create(this, kind.constructId())
                    .application(application)
                    .alias(functions.alias(kind))
                    .deploymentConfig(config)
                    .alarms(monitoring.deploymentAlarms(kind))
                    .autoRollback(AutoRollbackConfig.builder()
                            .failedDeployment(true).stoppedDeployment(true).deploymentInAlarm(true).build())
                    .role(role.withoutPolicyUpdates())
                    .build());
        }
    }

    Role role() {
        return role;
    }

    LambdaDeploymentGroup group(PlatformFunction kind) {
        return groups.get(kind);
    }
}
