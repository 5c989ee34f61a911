package io.medextract.handlers.config;

import java.util.function.Supplier;

/** A value built by {@code factory} on the first {@link #get()} and kept: for clients a request may not need. */
public final class BuiltOnFirstUse<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private T value;

    private BuiltOnFirstUse(Supplier<T> factory) {
        this.factory = factory;
    }

    public static <T> BuiltOnFirstUse<T> of(Supplier<T> factory) {
        return new BuiltOnFirstUse<>(factory);
    }

    @Override
    public synchronized T get() {
        if (value == null) {
            value = factory.get();
        }
        return value;
    }
}
