package io.medextract.tests.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that need a fresh {@link LocalPlatform} (own tables, bucket, queues, Bedrock fake) each. */
public abstract class LocalPlatformTest {

    protected LocalPlatform platform;

    @BeforeEach
    void startPlatform() {
        platform = LocalPlatform.start();
    }

    @AfterEach
    void stopPlatform() {
        platform.close();
    }
}
