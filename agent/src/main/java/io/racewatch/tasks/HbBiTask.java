package io.racewatch.tasks;

import io.racewatch.runtime.ThreadState;

import io.racewatch.runtime.TestContext;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/** A wrapped task of the two-argument shapes (BiFunction and Function clash on {@code andThen}). */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class HbBiTask extends WrappedTask implements BiFunction, BiConsumer {
    HbBiTask(Object task, ThreadState submitter, Object source, int site) {
        super(task, submitter, source, site);
    }

    @Override
    public Object apply(Object a, Object b) {
        TestContext outer = begin();
        try {
            return ((BiFunction) task).apply(a, b);
        } finally {
            end(outer);
        }
    }

    @Override
    public void accept(Object a, Object b) {
        TestContext outer = begin();
        try {
            ((BiConsumer) task).accept(a, b);
        } finally {
            end(outer);
        }
    }
}
