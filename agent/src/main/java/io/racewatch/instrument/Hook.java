package io.racewatch.instrument;

/**
 * How one JDK method is rewritten at its call sites in application code.
 *
 * <p>Two shapes. A <em>replacement</em> swaps the call for a static probe that makes the same
 * call itself (map operations: the probe needs the key and decides when to record). An
 * <em>advice</em> keeps the call and adds probes around it: {@code before} with the receiver,
 * {@code after} with the receiver and, depending on {@link After}, the call's result; and it
 * may pass one task argument through a wrapper.
 *
 * <p>A <em>scheduling</em> advice hands work to run later or elsewhere (an executor, a timer, a
 * timeout). Its after probe lives in {@link Probes#SCHEDULING} and receives, after the receiver,
 * the caller's {@code this} (the owner of the work; null in a static method) and the call's own
 * arguments as they were passed, so that it can see delays, periods and the task.
 *
 * <p>A call site matches only the hooked method itself: its erased descriptor, arguments and
 * result, is exactly {@code descriptor} (a subtype's override has the same one), or it is one of
 * the JDK's own overrides whose erasure differs ({@link JdkOverrides}). Overloads and covariant
 * overrides declared by applications are left alone: rewriting them would call another method.
 *
 * @param family   internal name of the type that declares the method; call sites on any subtype match
 * @param name     method name, or {@code *} for every method of {@code family} (atomics)
 * @param descriptor the method's erased descriptor, e.g. {@code (Ljava/lang/Object;)Ljava/lang/Object;}
 * @param isStatic a static method, matched on {@code family} exactly
 * @param replace  name of the replacing probe in {@link Probes#MAP}, or null
 * @param before   probe {@code (Object receiver, int site)} run before the call, or null
 * @param after    probe run after the call, or null
 * @param afterArg what the after probe receives besides receiver and site
 * @param wrapArg  index of a task argument to wrap, or -1
 * @param wrapper  probe wrapping that argument: {@code (Object task, Object source, int site) Object}
 * @param scheduling the after probe is a scheduling probe (see above)
 */
record Hook(String family, String name, String descriptor, boolean isStatic, String replace,
            String before, String after, After afterArg, int wrapArg, String wrapper, boolean scheduling) {

    /** A hook that is not a scheduling hook. */
    Hook(String family, String name, String descriptor, boolean isStatic, String replace,
         String before, String after, After afterArg, int wrapArg, String wrapper) {
        this(family, name, descriptor, isStatic, replace, before, after, afterArg, wrapArg, wrapper, false);
    }

    /** The argument part of the descriptor, e.g. {@code (Ljava/lang/Object;)}. */
    String args() {
        return descriptor.substring(0, descriptor.indexOf(')') + 1);
    }

    /** What an after probe receives ahead of the receiver and the site. */
    enum After {
        NOTHING(""),
        BOOLEAN_RESULT("Z"),
        LONG_RESULT("J"),
        OBJECT_RESULT("Ljava/lang/Object;");

        /** Descriptor part of the result, ahead of the receiver: what a scheduling probe also starts with. */
        final String result;
        final String descriptor;

        After(String result) {
            this.result = result;
            this.descriptor = "(" + result + "Ljava/lang/Object;I)V";
        }
    }
}
