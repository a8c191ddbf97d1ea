package io.racewatch.runtime;

import java.io.File;

/**
 * The folders racewatch keeps between runs (hooked JDK classes, rewritten classes), one per agent
 * build: a build's folder deletes the other builds' left untouched for a day, so that rebuilding
 * the agent does not grow the cache without bound.
 */
public final class CacheFolders {
    /** How long another build's folder is left alone after it was last written. */
    public static final long STALE_MS = 24L * 60 * 60 * 1000;

    private CacheFolders() {
    }

    /** Deletes the folders beside {@code own} whose names start with {@code prefix} and that are untouched for a day. */
    public static void deleteStaleSiblings(File own, String prefix) {
        File[] siblings = own.getParentFile() == null ? null : own.getParentFile().listFiles();
        if (siblings == null) {
            return;
        }
        long now = System.currentTimeMillis();
        for (File other : siblings) {
            if (other.isDirectory() && other.getName().startsWith(prefix) && !other.equals(own) && now - other.lastModified() > STALE_MS) {
                File[] files = other.listFiles();
                if (files != null) {
                    for (File f : files) {
                        f.delete();
                    }
                }
                other.delete();
            }
        }
    }
}
