package io.medextract.cdk;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupPlanRule;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelection;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.backup.IBackupPlan;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * AWS Backup of the three tables and the documents bucket (HIPAA contingency plan: data backup): a daily backup
 * into a vault encrypted with the platform key, kept for the stage's retention, or a selection in the plan
 * the user brought. Point-in-time recovery on the tables and bucket versioning stay on besides.
 */
final class PlatformBackup extends Construct {

    /** AWS managed policies the backup role needs for DynamoDB and S3 backups and restores. */
    static final List<String> ROLE_POLICIES = List.of(
            "service-role/AWSBackupServiceRolePolicyForBackup",
            "service-role/AWSBackupServiceRolePolicyForRestores",
            "AWSBackupServiceRolePolicyForS3Backup",
            "AWSBackupServiceRolePolicyForS3Restore");

    private final IBackupPlan plan;
    private final Role role;

    PlatformBackup(Construct scope, String id, EffectiveSettings settings, Encryption encryption, DocumentStore store) {
        super(scope, id);
        IBackupPlan given = settings.props().getBackupPlan();
        if (given != null) {
            this.plan = given;
        } else {
            BackupVault vault = BackupVault.Builder.create(this, "Vault")
                    .encryptionKey(encryption.key())
                    .removalPolicy(settings.values().removalPolicy())
                    .build();
            BackupPlan created = BackupPlan.Builder.create(this, "Plan")
                    .backupPlanName("medextract-" + settings.platformName())
                    .backupVault(vault)
                    .build();
            // 05:00 UTC daily, after the hourly rollups of the night; kept for the stage's retention.
            created.addRule(BackupPlanRule.Builder.create()
                    .ruleName("daily")
                    .scheduleExpression(Schedule.cron(CronOptions.builder().hour("5").minute("0").build()))
                    .deleteAfter(Duration.days(settings.values().backupRetentionDays()))
                    .build());
            this.plan = created;
        }
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("backup.amazonaws.com"))
                .description("AWS Backup of the MedExtract tables and documents bucket")
                .managedPolicies(ROLE_POLICIES.stream().map(ManagedPolicy::fromAwsManagedPolicyName).toList())
                .build();
        List<BackupResource> resources = new ArrayList<>();
        resources.add(BackupResource.fromDynamoDbTable(store.resultsTable()));
        resources.add(BackupResource.fromDynamoDbTable(store.experimentsTable()));
        resources.add(BackupResource.fromDynamoDbTable(store.auditTable()));
        if (settings.props().getExistingBucket() == null) {
            resources.add(BackupResource.fromArn(store.documentBucket().getBucketArn()));
        }
        new BackupSelection(this, "Selection", software.amazon.awscdk.services.backup.BackupSelectionProps.builder()
                .backupPlan(plan)
                .resources(resources)
                .role(role)
                .build());
    }

    Role role() {
        return role;
    }

    IBackupPlan plan() {
        return plan;
    }
}
