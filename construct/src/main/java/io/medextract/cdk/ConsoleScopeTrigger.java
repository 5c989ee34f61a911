package io.medextract.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cognito.CfnUserPoolGroup;
import software.amazon.awscdk.services.cognito.LambdaVersion;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolOperation;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * Per-user scopes for the console. Cognito grants custom scopes per app client, so without this every console
 * user could promote. A pre-token-generation trigger (event version 2, which may change access-token scopes)
 * removes the scopes the user's groups do not give: everyone reads their own documents, {@code medextract-writers}
 * also write, {@code medextract-admins} write and promote or roll back, {@code medextract-any-owner-readers} read
 * every owner's documents. A user in no group gets a token that reads only.
 */
final class ConsoleScopeTrigger extends Construct {

    static final String WRITERS = "medextract-writers";
    static final String ADMINS = "medextract-admins";
    static final String ANY_OWNER_READERS = "medextract-any-owner-readers";

    /**
     * The trigger's code: no dependencies and no network calls, so it is inline. Cognito passes the user's groups
     * in request.groupConfiguration.groupsToOverride and reads response.claimsAndScopeOverrideDetails. Which groups
     * keep which scope comes from the route table's groups ({@link RouteGroup#consoleGroups()}).
     */
    static final String CODE = String.join("\n",
            "'use strict';",
            "const KEPT_BY = " + keptBy() + ";",
            "exports.handler = async (event) => {",
            "  const prefix = process.env.SCOPE_PREFIX;",
            "  const groups = (event.request && event.request.groupConfiguration",
            "    && event.request.groupConfiguration.groupsToOverride) || [];",
            "  const suppress = Object.keys(KEPT_BY)",
            "    .filter((scope) => !KEPT_BY[scope].some((group) => groups.includes(group)))",
            "    .map((scope) => prefix + '/' + scope);",
            "  event.response = event.response || {};",
            "  event.response.claimsAndScopeOverrideDetails = { accessTokenGeneration: { scopesToSuppress: suppress } };",
            "  return event;",
            "};",
            "");

    /** {@code {"write":["medextract-writers","medextract-admins"],...}}: each restricted scope and who keeps it. */
    private static String keptBy() {
        StringBuilder json = new StringBuilder("{");
        for (RouteGroup group : RouteGroup.values()) {
            if (group.consoleGroups().isEmpty()) {
                continue;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(group.scope()).append("\":[")
                    .append(String.join(",", group.consoleGroups().stream().map(g -> "\"" + g + "\"").toList()))
                    .append(']');
        }
        return json.append('}').toString();
    }

    private final Function function;
    private final Role role;
    private final ManagedPolicy policy;

    ConsoleScopeTrigger(Construct scope, String id, EffectiveSettings settings, Encryption encryption, UserPool pool) {
        super(scope, id);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(settings.values().logRetention())
                .encryptionKey(encryption.key())
                .removalPolicy(settings.values().removalPolicy())
                .build();
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("MedExtract console scope trigger: writes its own logs only")
                .build();
        this.policy = ManagedPolicy.Builder.create(this, "Policy")
                .roles(List.of(role))
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                        .resources(List.of(logs.getLogGroupArn()))
                        .build()))
                .build();
        Function.Builder builder = Function.Builder.create(this, "Function")
                .runtime(Runtime.NODEJS_24_X)
                .handler("index.handler")
                .code(Code.fromInline(CODE))
                .memorySize(128)
                .timeout(Duration.seconds(5))
                .role(role)
                .logGroup(logs)
                .environment(Map.of("SCOPE_PREFIX", settings.props().getCognitoScopePrefix()))
                .description("Removes the console scopes a user's Cognito groups do not grant");
        if (settings.props().getVpc() != null) {
            // In the VPC like every function of the platform; it opens no connection, so its group allows none.
            builder.vpc(settings.props().getVpc()).securityGroups(List.of(SecurityGroup.Builder.create(this, "NoEgress")
                    .vpc(settings.props().getVpc())
                    .description("MedExtract console scope trigger: no inbound, no outbound")
                    .allowAllOutbound(false)
                    .build()));
            if (settings.props().getVpcSubnets() != null) {
                builder.vpcSubnets(settings.props().getVpcSubnets());
            }
        }
        this.function = builder.build();
        function.getNode().addDependency(policy);
        pool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, function, LambdaVersion.V2_0);
        CfnUserPoolGroup.Builder.create(this, "Writers")
                .userPoolId(pool.getUserPoolId())
                .groupName(WRITERS)
                .description("Console users who may upload, extract and run experiments")
                .build();
        CfnUserPoolGroup.Builder.create(this, "Admins")
                .userPoolId(pool.getUserPoolId())
                .groupName(ADMINS)
                .description("Console users who may also promote and roll back experiments")
                .build();
        CfnUserPoolGroup.Builder.create(this, "AnyOwnerReaders")
                .userPoolId(pool.getUserPoolId())
                .groupName(ANY_OWNER_READERS)
                .description("Console users who may read every owner's documents and extractions")
                .build();
    }

    Function function() { return function; }
    Role role() { return role; }
    ManagedPolicy policy() { return policy; }
}
