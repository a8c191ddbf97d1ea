package io.racewatch.locks;

import java.util.List;

/**
 * "{@code to} was taken while {@code from} was held": an edge of the lock-order graph, with
 * where it first happened.
 *
 * @param from     the lock held
 * @param to       the lock taken
 * @param fromSite where {@code from} was taken
 * @param toSite   where {@code to} was taken
 * @param thread   the thread that did it first
 * @param stack    its stack when taking {@code to}
 * @param gates    the other locks it held meanwhile: a lock held around both orders makes a cycle safe
 */
public record OrderEdge(LockProfile from, LockProfile to, int fromSite, int toSite, String thread, String[] stack,
                        List<LockProfile> gates) {
}
