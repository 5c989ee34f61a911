package io.medextract.contract;

/**
 * Defaults both sides apply: the construct when a prop is unset, the handlers when a variable is (local runs, tests,
 * a function deployed by other means). Defined here once instead of copied with "keep in step" comments.
 */
public final class SharedDefaults {

    /** The label new extractions resolve. */
    public static final String PROMPT_LABEL = "production";
    /** Claude Haiku 4.5 through the US cross-region inference profile: the dev stage's model. */
    public static final String BEDROCK_MODEL_ID = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
    /** Largest accepted drop (absolute, 0..1) in exact-document accuracy at the promotion gate: two points. */
    public static final double PROMOTION_GATE_MAX_REGRESSION = 0.02;
    /** How long Bedrock may keep an extraction waiting before it fails as BEDROCK_THROTTLED: a day. */
    public static final long THROTTLE_RETRY_BUDGET_MINUTES = 1440;

    private SharedDefaults() {}
}
