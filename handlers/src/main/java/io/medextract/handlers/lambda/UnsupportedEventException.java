package io.medextract.handlers.lambda;

/** Thrown for an event this function is not wired to receive: a deployment error, not a user error. */
public final class UnsupportedEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedEventException(String function, LambdaEventKind kind) {
        super(function + " does not accept " + kind + " events");
    }
}
