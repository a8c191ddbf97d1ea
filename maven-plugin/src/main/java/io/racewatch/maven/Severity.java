package io.racewatch.maven;

import org.apache.maven.plugin.MojoExecutionException;

import java.util.Locale;

/** SARIF's levels in order: a threshold selects its own level and the more severe ones. */
enum Severity {
    NOTE, WARNING, ERROR;

    static Severity parse(String level) throws MojoExecutionException {
        try {
            return valueOf(level.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MojoExecutionException("racewatch: severity '" + level + "' is not one of error, warning, note");
        }
    }

    boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
