package io.racewatch.report;

import io.racewatch.runtime.Site;

/**
 * One row of a finding's access history: the resource's events in the order they happened.
 *
 * @param seq    position of the event on its resource
 * @param thread thread name
 * @param op     the operation
 * @param site   the call site
 */
public record HistoryRow(long seq, String thread, String op, Site site) {
}
