package io.racewatch.report;

import io.racewatch.runtime.Site;

/**
 * One access in a finding: which thread did what, where, and its stack.
 *
 * @param thread thread name
 * @param op     the operation, e.g. {@code get}, {@code put}, {@code lock}
 * @param site   the call site in application code
 * @param stack  frames innermost first, in {@link StackTraceElement#toString()} form; for an
 *               access made earlier, the stack that thread first had at that site
 * @param seq    position of the access in the finding's history, or -1
 */
public record Access(String thread, String op, Site site, String[] stack, long seq) {
}
