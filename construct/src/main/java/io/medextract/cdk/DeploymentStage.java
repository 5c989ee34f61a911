package io.medextract.cdk;

/** Deployment stage; selects the defaults in {@link StageDefaults}. */
public enum DeploymentStage {
    DEV,
    STAGING,
    PROD;

    /** Lower-case name used in resource names, environment variables and metric dimensions. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
