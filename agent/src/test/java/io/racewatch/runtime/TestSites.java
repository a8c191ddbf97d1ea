package io.racewatch.runtime;

import io.racewatch.report.Finding;
import io.racewatch.report.Findings;

import java.util.Arrays;
import java.util.List;

/** Sites of one made-up class for a probe test, and the findings whose every access is at some of them. */
final class TestSites {
    private final String className;
    private final String file;

    TestSites(String className, String file) {
        this.className = className;
        this.file = file;
    }

    int site(String method, int line) {
        return Sites.register(className, method, file, line, null);
    }

    List<Finding> findingsAt(int... lines) {
        return Findings.all().stream().filter(f -> f.accesses().stream()
            .allMatch(a -> a.site().className.equals(className) && Arrays.stream(lines).anyMatch(l -> l == a.site().line)))
            .toList();
    }
}
