package io.racewatch.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the reports of {@link MergedFindings} into their directory, as one JVM writes its own:
 * {@code report.txt}, {@code racewatch.sarif} and {@code racewatch.html}, the last with the lock
 * waits of every {@code lock-waits.json} and {@code lock-waits-*.json} there and in its subdirectories.
 */
public final class MergedReport {
    private MergedReport() {
    }

    /**
     * @param dir        the report directory the findings were read from
     * @param workingDir the project directory: source paths in SARIF and HTML are found from it
     * @return the files written
     */
    public static List<Path> write(Path dir, MergedFindings merged, Path workingDir) throws IOException {
        List<Finding> all = merged.reported();
        List<Finding> suppressed = merged.suppressed();
        SourcePaths paths = new SourcePaths(workingDir);
        String summary = ReportWriter.summary(all, suppressed) + "; merged from " + merged.files().size()
            + (merged.files().size() == 1 ? " file" : " files");
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(dir.resolve(ReportWriter.REPORT_FILE), ReportWriter.report(all, suppressed, summary),
            StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(SarifReport.FILE), SarifReport.render(all, suppressed, paths), StandardCharsets.UTF_8));
        written.add(Files.writeString(dir.resolve(HtmlReport.FILE), HtmlReport.render(all, suppressed, lockWaits(dir), paths),
            StandardCharsets.UTF_8));
        return written;
    }

    /** The locks of every lock-wait report in {@code dir}, one after the other (several JVMs' locks are not added up). */
    private static List<Map<?, ?>> lockWaits(Path dir) throws IOException {
        List<Map<?, ?>> locks = new ArrayList<>();
        for (Path f : MergedFindings.filesUnder(dir, "lock-waits{,-*}.json")) {
            locks.addAll(HtmlReport.locks(Files.readString(f, StandardCharsets.UTF_8)));
        }
        return locks;
    }
}
