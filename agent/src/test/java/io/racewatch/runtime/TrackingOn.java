package io.racewatch.runtime;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Turns racewatch's tracking on for each test of a class ({@code @ExtendWith(TrackingOn.class)}) and back as it was after. */
public final class TrackingOn implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace HERE = ExtensionContext.Namespace.create(TrackingOn.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(HERE).put("was", Tracking.enabled);
        Tracking.enabled = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Tracking.enabled = context.getStore(HERE).get("was", Boolean.class);
    }
}
