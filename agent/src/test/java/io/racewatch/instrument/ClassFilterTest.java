package io.racewatch.instrument;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassFilterTest {
    @Test
    void includeAndExcludeGlobs() {
        ClassFilter f = new ClassFilter(List.of("com.acme.*", "org.shop.Cart?"), List.of("com.acme.generated.*"));
        assertTrue(f.includes("com.acme.jobs.JobTracker"));
        assertTrue(f.includes("com.acme.jobs.JobTracker$Inner"));
        assertTrue(f.includes("org.shop.Cart2"));
        assertFalse(f.includes("org.shop.Cart22"));
        assertFalse(f.includes("com.acme.generated.Stub"));
        assertFalse(f.includes("net.other.Thing"));
    }

    @Test
    void everythingButTheJdkAndRacewatchByDefault() {
        ClassFilter f = new ClassFilter(List.of(), List.of());
        assertTrue(f.includes("com.acme.App"));
        assertTrue(f.includes("io.racewatch.demo.NotTheAgent"));
        assertFalse(f.includes("java.util.HashMap"));
        assertFalse(f.includes("jdk.internal.misc.Unsafe"));
        assertFalse(f.includes("io.racewatch.maps.MapProbes"));
        assertFalse(f.includes("io.racewatch.shaded.bytebuddy.ByteBuddy"));
        assertFalse(f.includes("org.slf4j.LoggerFactory"));
    }

    @Test
    void loggingLibrariesTheReadmeNamesAreNotCheckedByDefault() {
        ClassFilter f = new ClassFilter(List.of("*"), List.of());
        assertFalse(f.includes("org.apache.log4j.Logger"), "Log4j 1");
        assertFalse(f.includes("org.apache.log4j.helpers.AppenderAttachableImpl"), "Log4j 1");
        assertFalse(f.includes("org.apache.logging.log4j.core.Logger"), "Log4j 2");
        assertFalse(f.includes("ch.qos.logback.classic.Logger"));
        assertFalse(f.includes("org.slf4j.impl.SimpleLogger"));
        assertTrue(f.includes("org.apache.commons.pool.impl.GenericObjectPool"), "other Apache libraries are");
    }

    @Test
    void log4jOneIsCheckedOnlyWhenAnIncludeNamesIt() {
        ClassFilter all = new ClassFilter(List.of("*"), List.of());
        assertTrue(all.orders("org.apache.log4j.Category"), "its monitors still order");
        ClassFilter named = new ClassFilter(List.of("*", "org.apache.log4j.*"), List.of());
        assertTrue(named.includes("org.apache.log4j.Category"));
        assertTrue(named.includes("com.acme.Shop"));
        assertFalse(new ClassFilter(List.of("org.apache.log4j.*"), List.of("org.apache.log4j.helpers.*"))
            .includes("org.apache.log4j.helpers.AppenderAttachableImpl"), "exclude still wins");
    }

    @Test
    void anIncludeCannotBringTheJdkIn() {
        assertFalse(new ClassFilter(List.of("*"), List.of()).includes("java.lang.Thread"));
    }

    @Test
    void classesNotCheckedStillOrderUnlessRacewatchNeverTouchesThem() {
        ClassFilter f = new ClassFilter(List.of("com.acme.*"), List.of("com.acme.generated.*"));
        assertTrue(f.orders("com.acme.jobs.JobTracker"));
        assertTrue(f.orders("com.acme.generated.Stub"), "excluded: not checked, but its monitors order");
        assertFalse(f.includes("com.acme.generated.Stub"));
        assertTrue(f.orders("org.springframework.core.task.SimpleAsyncTaskExecutor"), "not included: still orders");
        assertFalse(f.includes("org.springframework.core.task.SimpleAsyncTaskExecutor"));
        for (String never : List.of("java.util.concurrent.FutureTask", "jdk.internal.misc.Unsafe", "io.racewatch.maps.MapProbes",
            "org.slf4j.LoggerFactory", "org.junit.platform.launcher.core.LauncherFactory", "net.bytebuddy.ByteBuddy",
            "org.objectweb.asm.ClassReader")) {
            assertFalse(f.orders(never), never + " is never rewritten");
        }
    }
}
