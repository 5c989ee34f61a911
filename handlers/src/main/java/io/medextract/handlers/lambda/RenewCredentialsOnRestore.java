package io.medextract.handlers.lambda;

import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The function's credentials provider, chosen and built on first use and chosen and built again after every
 * SnapStart restore. A restored environment runs under credentials of its own (with SnapStart Lambda hands them
 * out through the container credentials endpoint, not the key variables:
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials), so a provider, or
 * credentials it cached, that existed when the snapshot was taken must not be used after the restore.
 */
public final class RenewCredentialsOnRestore implements AwsCredentialsProvider, Resource {

    private final Supplier<AwsCredentialsProvider> source;
    private AwsCredentialsProvider current;

    private RenewCredentialsOnRestore(Supplier<AwsCredentialsProvider> source) {
        this.source = source;
    }

    /** A provider built from {@code source} now and again after each restore. */
    public static RenewCredentialsOnRestore from(Supplier<AwsCredentialsProvider> source) {
        RenewCredentialsOnRestore provider = new RenewCredentialsOnRestore(source);
        SnapStartHooks.register(provider);
        return provider;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return provider().resolveCredentials();
    }

    private synchronized AwsCredentialsProvider provider() {
        if (current == null) {
            current = source.get();
        }
        return current;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // nothing to release before the snapshot; the provider is replaced after the restore
    }

    @Override
    public synchronized void afterRestore(Context<? extends Resource> context) {
        if (current instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
        current = null;
    }
}
