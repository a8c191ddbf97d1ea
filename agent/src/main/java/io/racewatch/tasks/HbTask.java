package io.racewatch.tasks;

import io.racewatch.runtime.ThreadState;

import io.racewatch.runtime.TestContext;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** A wrapped task of the shapes that take at most one argument. */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class HbTask extends WrappedTask implements Runnable, Callable, Supplier, Function, Consumer {
    HbTask(Object task, ThreadState submitter, Object source, int site) {
        super(task, submitter, source, site);
    }

    @Override
    public void run() {
        TestContext outer = begin();
        try {
            ((Runnable) task).run();
        } finally {
            end(outer);
        }
    }

    @Override
    public Object call() throws Exception {
        TestContext outer = begin();
        try {
            return ((Callable) task).call();
        } finally {
            end(outer);
        }
    }

    @Override
    public Object get() {
        TestContext outer = begin();
        try {
            return ((Supplier) task).get();
        } finally {
            end(outer);
        }
    }

    @Override
    public Object apply(Object a) {
        TestContext outer = begin();
        try {
            return ((Function) task).apply(a);
        } finally {
            end(outer);
        }
    }

    @Override
    public void accept(Object a) {
        TestContext outer = begin();
        try {
            ((Consumer) task).accept(a);
        } finally {
            end(outer);
        }
    }
}
