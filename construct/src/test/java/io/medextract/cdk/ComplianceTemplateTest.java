package io.medextract.cdk;

import static io.medextract.cdk.SynthesizedPlatform.list;
import static io.medextract.cdk.SynthesizedPlatform.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;

/** The HIPAA items of issue 10, asserted on the synthesized template. */
class ComplianceTemplateTest {

    @ParameterizedTest
    @EnumSource(DeploymentStage.class)
    void noInlinePolicies(DeploymentStage stage) {
        SynthesizedPlatform s = SynthesizedPlatform.of(stage);
        assertThat(s.resources("AWS::IAM::Policy")).isEmpty();
        s.resources("AWS::IAM::Role").values().forEach(role ->
                assertThat(map(role.get("Properties"))).doesNotContainKey("Policies"));
        assertThat(s.resources("AWS::IAM::ManagedPolicy")).hasSize(PlatformFunction.values().length);
    }

    @ParameterizedTest
    @EnumSource(DeploymentStage.class)
    void everyServicePermissionCarriesSourceAccountAndSourceArn(DeploymentStage stage) {
        SynthesizedPlatform s = SynthesizedPlatform.of(stage);
        Map<String, Map<String, Object>> permissions = s.resources("AWS::Lambda::Permission");
        assertThat(permissions).isNotEmpty();
        permissions.forEach((id, permission) -> {
            Map<String, Object> props = map(permission.get("Properties"));
            assertThat(String.valueOf(props.get("Principal"))).as(id).endsWith(".amazonaws.com");
            assertThat(props).as(id).containsEntry("SourceAccount", Map.of("Ref", "AWS::AccountId"))
                    .containsKey("SourceArn");
        });
    }

    @ParameterizedTest
    @EnumSource(DeploymentStage.class)
    void servicesMayCreateGrantsOnlyForAwsResources(DeploymentStage stage) {
        SynthesizedPlatform s = SynthesizedPlatform.of(stage);
        Map<String, Object> policy = map(map(s.resources("AWS::KMS::Key").values().iterator().next()
                .get("Properties")).get("KeyPolicy"));
        for (Object o : list(policy.get("Statement"))) {
            Map<String, Object> statement = map(o);
            Map<String, Object> principal = map(statement.get("Principal"));
            List<String> actions = SecurityTemplateTest.strings(statement.get("Action"));
            if (principal.containsKey("Service")) {
                assertThat(actions).doesNotContain("kms:*");
                if (actions.contains("kms:CreateGrant")) {
                    assertThat(statement.get("Condition").toString()).contains("kms:GrantIsForAWSResource=true");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DeploymentStage.class)
    void noPrincipalMayCreateGrantsUnlessForAnAwsResourceOrBeingAService(DeploymentStage stage) {
        List<Map<String, Object>> denies = keyPolicy(SynthesizedPlatform.of(stage)).stream()
                .filter(st -> "Deny".equals(st.get("Effect"))).toList();
        assertThat(denies).singleElement().satisfies(deny -> {
            assertThat(deny.get("Principal")).isEqualTo(Map.of("AWS", "*"));
            assertThat(deny.get("Action")).isEqualTo("kms:CreateGrant");
            assertThat(deny.get("Condition")).isEqualTo(Map.of("BoolIfExists", Map.of(
                    "kms:GrantIsForAWSResource", "false", "aws:PrincipalIsAWSService", "false")));
        });
    }

    @ParameterizedTest
    @EnumSource(DeploymentStage.class)
    void everyServiceStatementOfTheKeyPolicyIsLimitedToThisAccount(DeploymentStage stage) {
        List<Map<String, Object>> services = keyPolicy(SynthesizedPlatform.of(stage)).stream()
                .filter(st -> "Allow".equals(st.get("Effect")) && map(st.get("Principal")).containsKey("Service"))
                .toList();
        assertThat(services).extracting(st -> String.valueOf(map(st.get("Principal")).get("Service")))
                .contains("events.amazonaws.com", "cloudwatch.amazonaws.com");
        services.forEach(st -> assertThat(WebConsoleTemplateTest.json(st.get("Condition")))
                .as(WebConsoleTemplateTest.json(st)).contains("{\"Ref\":\"AWS::AccountId\"}"));
        assertThat(services.stream().filter(st -> map(st.get("Principal")).get("Service").equals("events.amazonaws.com")))
                .allSatisfy(st -> assertThat(st.get("Condition")).isEqualTo(Map.of("StringEquals",
                        Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))));
    }

    private static List<Map<String, Object>> keyPolicy(SynthesizedPlatform s) {
        Map<String, Object> policy = map(map(s.resources("AWS::KMS::Key").values().iterator().next()
                .get("Properties")).get("KeyPolicy"));
        return list(policy.get("Statement")).stream().map(SynthesizedPlatform::map).toList();
    }

    @Test
    void everyProdFunctionHasReservedConcurrency() {
        SynthesizedPlatform s = SynthesizedPlatform.of(DeploymentStage.PROD);
        for (PlatformFunction kind : PlatformFunction.values()) {
            assertThat(s.functionProperties(kind)).as(kind.name()).containsKey("ReservedConcurrentExecutions");
        }
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).extractMaxConcurrency(99).build())
                .hasMessageContaining("must be at least extractMaxConcurrency (99) + evaluationMaxConcurrency (2) + 2");
    }

    @Test
    void backupCanBeTurnedOffOrBroughtOrAddedInDev() {
        SynthesizedPlatform off = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .backup(false).build());
        off.template.resourceCountIs("AWS::Backup::BackupPlan", 0);
        off.template.resourceCountIs("AWS::Backup::BackupSelection", 0);

        SynthesizedPlatform dev = SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.DEV)
                .backup(true).build());
        dev.template.hasResourceProperties("AWS::Backup::BackupPlan", Match.objectLike(Map.of("BackupPlan",
                Match.objectLike(Map.of("BackupPlanRule", List.of(Match.objectLike(Map.of(
                        "Lifecycle", Map.of("DeleteAfterDays", 35)))))))));

        App app = new App();
        Stack stack = new Stack(app, "Own");
        BackupPlan own = BackupPlan.daily35DayRetention(stack, "OwnPlan");
        new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .backupPlan(own).build());
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::Backup::BackupPlan", 1);
        template.resourceCountIs("AWS::Backup::BackupVault", 1);
        template.hasResourceProperties("AWS::Backup::BackupSelection", Match.objectLike(Map.of(
                "BackupPlanId", Map.of("Fn::GetAtt", List.of(stack.getLogicalId(
                        (software.amazon.awscdk.CfnElement) own.getNode().getDefaultChild()), "BackupPlanId")))));
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).backup(false)
                .backupRetentionDays(7).build()).hasMessageContaining("backup(false) cannot be combined");
    }

    @Test
    void replicationIsOffByDefaultAndReplicatesKmsObjectsWhenAsked() {
        SynthesizedPlatform s = SynthesizedPlatform.of(DeploymentStage.PROD);
        s.resources("AWS::S3::Bucket").values().forEach(b ->
                assertThat(map(b.get("Properties"))).doesNotContainKey("ReplicationConfiguration"));

        App app = new App();
        Stack stack = new Stack(app, "Replicated");
        new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .replicationBucket(Bucket.fromBucketArn(stack, "Replica", "arn:aws:s3:::replica-us-west-2"))
                .replicationKey(Key.fromKeyArn(stack, "ReplicaKey",
                        "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
                .build());
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("ReplicationConfiguration",
                Match.objectLike(Map.of("Rules", List.of(Match.objectLike(Map.of(
                        "Destination", Match.objectLike(Map.of("Bucket", "arn:aws:s3:::replica-us-west-2")),
                        "SourceSelectionCriteria", Map.of("SseKmsEncryptedObjects", Map.of("Status", "Enabled"))))))))));
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .replicationBucket(Bucket.fromBucketName(new Stack(new App(), "X"), "B", "replica-bucket")).build())
                .hasMessageContaining("replicationBucket and replicationKey go together");
    }

    @Test
    void inAVpcFunctionsSendOnlyHttpsAndEndpointsAdmitOnlyTheFunctions() {
        App app = new App();
        Stack stack = new Stack(app, "Vpc");
        Vpc vpc = Vpc.Builder.create(stack, "Network").maxAzs(2).natGateways(0).build();
        MedExtractPlatform platform = new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder()
                .stage(DeploymentStage.PROD).vpc(vpc).build());
        Template template = Template.fromStack(stack);
        String functionsGroup = stack.getLogicalId((software.amazon.awscdk.CfnElement) platform.getNode()
                .findChild("Handlers").getNode().findChild("SecurityGroup").getNode().getDefaultChild());
        Map<String, Object> group = map(template.findResources("AWS::EC2::SecurityGroup").get(functionsGroup)
                .get("Properties"));
        assertThat(list(group.get("SecurityGroupEgress"))).singleElement().satisfies(rule ->
                assertThat(map(rule)).containsEntry("IpProtocol", "tcp").containsEntry("FromPort", 443)
                        .containsEntry("ToPort", 443));
        Map<String, Map<String, Object>> ingress = template.findResources("AWS::EC2::SecurityGroupIngress");
        assertThat(ingress).isNotEmpty();
        ingress.values().forEach(rule -> assertThat(map(rule.get("Properties")))
                .containsEntry("FromPort", 443).containsEntry("ToPort", 443)
                .containsEntry("SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(functionsGroup, "GroupId"))));
        template.findResources("AWS::EC2::SecurityGroup").values().forEach(sg ->
                assertThat(String.valueOf(map(sg.get("Properties")).get("SecurityGroupIngress"))).doesNotContain("CidrIp"));
    }

    @ParameterizedTest
    @EnumSource(DeploymentStage.class)
    void codeDeployShiftsEveryAliasAndRollsBackOnItsAlarms(DeploymentStage stage) {
        SynthesizedPlatform s = SynthesizedPlatform.of(stage);
        String config = stage == DeploymentStage.DEV ? "CodeDeployDefault.LambdaAllAtOnce" : "CodeDeployDefault.LambdaCanary10Percent5Minutes";
        Map<String, Map<String, Object>> groups = s.resources("AWS::CodeDeploy::DeploymentGroup");
        assertThat(groups).hasSize(PlatformFunction.values().length);
        groups.values().forEach(g -> {
            Map<String, Object> props = map(g.get("Properties"));
            assertThat(props.get("DeploymentConfigName").toString()).contains(config);
            assertThat(list(map(props.get("AlarmConfiguration")).get("Alarms"))).hasSize(2);
            assertThat(list(map(props.get("AutoRollbackConfiguration")).get("Events")))
                    .contains("DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_FAILURE");
        });
        for (PlatformFunction kind : PlatformFunction.values()) {
            Map<String, Object> alias = s.resources("AWS::Lambda::Alias").get(s.logicalId(s.platform.getFunctionAlias(kind)));
            assertThat(alias.get("UpdatePolicy").toString()).contains("CodeDeployLambdaAliasUpdate");
        }
    }

    @Test
    void cognitoRoutesRequireTheirGroupsScope() {
        App app = new App();
        Stack stack = new Stack(app, "Cognito");
        var pool = software.amazon.awscdk.services.cognito.UserPool.Builder.create(stack, "Pool").build();
        new MedExtractPlatform(stack, "Platform", MedExtractPlatformProps.builder().stage(DeploymentStage.PROD)
                .authorization(ApiAuthorization.COGNITO).cognitoUserPools(List.of(pool)).build());
        Map<String, Map<String, Object>> methods = Template.fromStack(stack).findResources("AWS::ApiGateway::Method");
        Map<String, Integer> byScope = new java.util.TreeMap<>();
        methods.values().forEach(m -> {
            Map<String, Object> props = map(m.get("Properties"));
            if ("OPTIONS".equals(props.get("HttpMethod"))) {
                return;
            }
            List<Object> scopes = list(props.get("AuthorizationScopes"));
            assertThat(scopes).hasSize(1);
            byScope.merge((String) scopes.get(0), 1, Integer::sum);
        });
        // 15 GET routes (6 of them evaluations), 9 other changes (3 of them evaluations), promote, rollback and
        // document erasure, and the 3 GET routes that read across owners.
        assertThat(byScope).isEqualTo(Map.of("medextract/admin", 3, "medextract/read", 15, "medextract/write", 9,
                "medextract/read-any-owner", 3));
        assertThatThrownBy(() -> MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).cognitoScopePrefix("a b").build())
                .hasMessageContaining("cognitoScopePrefix must be");
    }

    @Test
    void noApiGatewayAccountWithoutTheCloudWatchRole() {
        SynthesizedPlatform.of(DeploymentStage.PROD).template.resourceCountIs("AWS::ApiGateway::Account", 1);
        SynthesizedPlatform.of(MedExtractPlatformProps.builder().stage(DeploymentStage.PROD).apiCloudWatchRole(false).build())
                .template.resourceCountIs("AWS::ApiGateway::Account", 0);
    }
}
