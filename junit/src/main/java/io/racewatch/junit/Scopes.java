package io.racewatch.junit;

import io.racewatch.detect.CloseVerdicts;
import io.racewatch.report.Finding;
import io.racewatch.report.FindingText;
import io.racewatch.runtime.TestContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a racewatch scope when a test or class starts (its context becomes the thread's) and
 * closes it when it ends, turning what it collected into the verdict: failures, warnings (report
 * entries) and allowances (report entries with the reason).
 */
final class Scopes {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Scopes.class);
    // Stores are inherited by nested contexts, so keys name their context.
    private static final String OPENED = "opened ";
    private static final String OPTIONS = "options ";

    /** What {@link #open} leaves for {@link #close}: the scope's context and the one the thread had before. */
    private record Opened(TestContext mine, TestContext previous) {
    }

    private Scopes() {
    }

    static void open(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        if (store.get(OPENED + context.getUniqueId()) != null) {
            return; // registered twice (auto-detected and declared): one scope
        }
        // The enclosing scope, if it was opened: a store sees its parents' entries.
        Opened parent = context.getParent().map(p -> store.get(OPENED + p.getUniqueId(), Opened.class)).orElse(null);
        TestContext mine = Attribution.get().open(context.getUniqueId(), name(context), parent == null ? null : parent.mine(), options(context));
        store.put(OPENED + context.getUniqueId(), new Opened(mine, TestContext.swap(mine)));
    }

    static void close(ExtensionContext context) {
        Opened opened = context.getStore(NS).remove(OPENED + context.getUniqueId(), Opened.class);
        if (opened == null) {
            return;
        }
        TestContext.swap(opened.previous());
        // A close made in this scope is judged within it, once its grace has passed (at most closeGraceMs).
        CloseVerdicts.settleFor(opened.mine());
        Attribution.Scope scope = Attribution.get().close(opened.mine());
        List<Finding> failing = new ArrayList<>();
        for (Finding f : scope.found) {
            if (scope.options.fails(f)) {
                failing.add(f);
            } else {
                context.publishReportEntry("racewatch.warning", FindingText.render(f));
                RunTally.warned();
            }
        }
        for (Finding f : scope.allowed) {
            context.publishReportEntry("racewatch.allowed", f.kind() + " on " + f.resource().name() + ": " + f.suppression().describe());
        }
        if (!failing.isEmpty()) {
            boolean test = context.getTestMethod().isPresent();
            RunTally.failed(test);
            throw new AssertionFailedError(message(failing, test));
        }
    }

    private static String message(List<Finding> failing, boolean test) {
        StringBuilder m = new StringBuilder("racewatch: ").append(failing.size()).append(failing.size() == 1 ? " race" : " races")
            .append(test ? " during this test" : " outside the tests of this class (set-up, static initialisation, or threads"
                + " that outlived their test)").append('\n');
        int n = 1;
        for (Finding f : failing) {
            m.append('\n').append(n++).append(". ").append(FindingText.render(f));
        }
        return m.toString();
    }

    /** The options here: the enclosing scope's, with this element's {@link RaceWatch} on top. */
    private static TestOptions options(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        TestOptions cached = store.get(OPTIONS + context.getUniqueId(), TestOptions.class);
        if (cached != null) {
            return cached;
        }
        TestOptions outer = context.getParent().isPresent() && context.getParent().get().getElement().isPresent()
            ? options(context.getParent().get())
            : TestOptions.fromConfiguration(context::getConfigurationParameter);
        AnnotatedElement element = context.getElement().orElse(null);
        TestOptions mine = outer.with(element == null ? null : AnnotationSupport.findAnnotation(element, RaceWatch.class).orElse(null));
        store.put(OPTIONS + context.getUniqueId(), mine);
        return mine;
    }

    private static String name(ExtensionContext context) {
        String className = context.getTestClass().map(Class::getName).orElse(context.getDisplayName());
        return context.getTestMethod().map(m -> {
            String method = className + "." + m.getName() + "()";
            String display = context.getDisplayName();
            return display.equals(m.getName() + "()") ? method : method + " [" + display + "]";
        }).orElse(className);
    }
}
