package io.medextract.cdk;

/** The four Lambda functions the platform deploys, with the handler class each one runs. */
public enum PlatformFunction {
    UPLOAD("Upload", "io.medextract.handlers.upload.UploadHandler::handleRequest"),
    EXTRACT("Extract", "io.medextract.handlers.extract.ExtractHandler::handleRequest"),
    METRICS("Metrics", "io.medextract.handlers.metrics.MetricsHandler::handleRequest"),
    EXPERIMENTS("Experiments", "io.medextract.handlers.experiments.ExperimentsHandler::handleRequest");

    private final String constructId;
    private final String handler;

    PlatformFunction(String constructId, String handler) {
        this.constructId = constructId;
        this.handler = handler;
    }

    public String constructId() {
        return constructId;
    }

    public String handler() {
        return handler;
    }

    /** The prop name users set to override this function's settings, used in validation messages. */
    public String propName() {
        return constructId.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + constructId.substring(1) + "Function";
    }
}
