package io.medextract.handlers.documents;

/**
 * A document that declares or unfolds into more than {@link DocumentLimits} allow, or that cannot be read at
 * all. Terminal: the same bytes would be refused again, so the extraction ends FAILED with INVALID_DOCUMENT and
 * the message, which names the limit and never quotes the document's content.
 */
public final class DocumentRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String limit;

    /**
     * @param limit   the limit that was exceeded, as named in {@link DocumentLimits} (for logs and metrics), or
     *                {@code UNREADABLE} for a file that cannot be parsed
     * @param message what was found and what is allowed
     */
    public DocumentRefusedException(String limit, String message) {
        super(message, null, false, false); // no stack trace: it is expected, and it is never logged
        this.limit = limit;
    }

    public static DocumentRefusedException unreadable(String message) {
        return new DocumentRefusedException("UNREADABLE", message);
    }

    /**
     * True when the same bytes would be refused again anywhere: the document declares or unfolds into too
     * much, or cannot be read. False for time and memory, which a larger function might have had.
     */
    public boolean isAboutTheDocument() {
        return !limit.equals("MAX_PREPARATION_TIME") && !limit.equals("MEMORY");
    }

    public String limit() {
        return limit;
    }
}
