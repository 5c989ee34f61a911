package io.medextract.tests.bench;

/** How a benchmark's main method ends once its table is printed. */
final class BenchmarkExit {

    private static final long HOOK_GRACE_MS = 20_000;

    private BenchmarkExit() {}

    /** Stops the local servers through their shutdown hooks, and halts if those hang (S3Mock's sometimes do). */
    static void exit(int status) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(HOOK_GRACE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(status);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(status);
    }
}
