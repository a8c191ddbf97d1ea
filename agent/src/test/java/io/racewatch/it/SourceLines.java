package io.racewatch.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Line numbers of marker comments ({@code // @read-a}) in a test program's source, so tests name sites robustly. */
final class SourceLines {
    private SourceLines() {
    }

    static int of(Class<?> program, String marker) {
        Path source = Path.of(System.getProperty("racewatch.testSources"), program.getName().replace('.', '/') + ".java");
        try {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("// " + marker) && (lines.get(i) + " ").contains("// " + marker + " ")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + source, e);
        }
        throw new AssertionError("no marker " + marker + " in " + source);
    }
}
