package io.racewatch.report;

import io.racewatch.runtime.Log;
import io.racewatch.runtime.Site;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a site's source file is, as a path relative to the repository root, so that code scanning
 * can open it. The root is the nearest directory above the working directory that holds
 * {@code .git}, else the working directory. The file is {@code package/File.java} (the class's
 * package and the file name the class records) found under the working directory's usual source
 * roots, else anywhere under the root (build output and tool directories skipped), else assumed
 * under {@code src/main/java} of the working directory.
 */
final class SourcePaths {
    private static final List<String> SOURCE_ROOTS = List.of(
        "src/main/java", "src/test/java", "src/main/kotlin", "src/test/kotlin", "src/main/groovy", "src/test/groovy",
        "src/main/scala", "src/test/scala", "src");
    private static final List<String> SKIPPED = List.of(".git", "target", "build", "out", "node_modules", ".gradle", ".idea", ".mvn");
    private static final int MAX_FILES = 200_000;

    private final Path root;
    private final Path workingDir;
    private final Map<String, String> resolved = new HashMap<>();
    private Map<String, List<Path>> byFileName;

    SourcePaths(Path workingDir) {
        this.workingDir = workingDir.toAbsolutePath().normalize();
        this.root = repositoryRoot(this.workingDir);
    }

    private static Path repositoryRoot(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return d;
            }
        }
        return dir;
    }

    /** The repository root, which relative paths are relative to. */
    Path root() {
        return root;
    }

    /** The source file of {@code site}, relative to {@link #root()}, with {@code /} separators. */
    String of(Site site) {
        return resolved.computeIfAbsent(site.className + "|" + site.file, k -> resolve(site.className, site.file));
    }

    private String resolve(String className, String file) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/";
        String relative = pkg + (file != null ? file : outerSimpleName(className.substring(dot + 1)) + ".java");
        for (String sourceRoot : SOURCE_ROOTS) {
            Path candidate = workingDir.resolve(sourceRoot).resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return relativeToRoot(candidate);
            }
        }
        for (Path p : index().getOrDefault(relative.substring(relative.lastIndexOf('/') + 1), List.of())) {
            if (p.toString().replace('\\', '/').endsWith("/" + relative)) {
                return relativeToRoot(p);
            }
        }
        return relativeToRoot(workingDir.resolve("src/main/java").resolve(relative));
    }

    private static String outerSimpleName(String simpleName) {
        int dollar = simpleName.indexOf('$');
        return dollar < 0 ? simpleName : simpleName.substring(0, dollar);
    }

    private String relativeToRoot(Path p) {
        return root.relativize(p.normalize()).toString().replace('\\', '/');
    }

    /** Source files under the root by file name, listed once, bounded. */
    private Map<String, List<Path>> index() {
        if (byFileName != null) {
            return byFileName;
        }
        Map<String, List<Path>> files = new HashMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                private int count;

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return SKIPPED.contains(String.valueOf(dir.getFileName())) && !dir.equals(root)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    files.computeIfAbsent(file.getFileName().toString(), k -> new ArrayList<>()).add(file);
                    return ++count >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            Log.warn("cannot list source files under " + root + " (" + e + "); SARIF locations assume src/main/java");
        }
        byFileName = files;
        return files;
    }
}
