package io.racewatch.order;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderPointsTest {
    /** Premain's quick question on loaded classes' dotted names answers as the full one, for every class of java.base and jdk.unsupported. */
    @Test
    void loadedClassesAnswerAsTheirInternalNames() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<String> names;
        try (Stream<Path> base = Files.walk(jrt.getPath("/modules/java.base"));
             Stream<Path> unsupported = Files.walk(jrt.getPath("/modules/jdk.unsupported"))) {
            names = Stream.concat(base, unsupported)
                .filter(p -> p.getNameCount() > 2 && p.toString().endsWith(".class"))
                .map(p -> p.subpath(2, p.getNameCount()).toString())
                .filter(n -> !n.equals("module-info.class"))
                .map(n -> n.substring(0, n.length() - ".class".length()))
                .collect(Collectors.toList());
        }
        assertTrue(names.size() > 1000, "java.base listed: " + names.size());
        int hooked = 0;
        for (String internal : names) {
            boolean expected = OrderPoints.instruments(internal);
            assertEquals(expected, OrderPoints.instrumentsLoaded(internal.replace('/', '.')), internal);
            hooked += expected ? 1 : 0;
        }
        assertTrue(hooked > 30, "hooked classes found: " + hooked);
        assertTrue(OrderPoints.instrumentsLoaded("java.util.concurrent.CompletableFuture$AsyncSupply"), "a nested class matched by prefix");
        assertTrue(OrderPoints.instrumentsLoaded("java.util.concurrent.locks.ReentrantLock$Sync"), "a nested class named whole");
    }
}
