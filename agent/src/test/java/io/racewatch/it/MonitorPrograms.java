package io.racewatch.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes Java programs whose methods combine synchronized blocks and methods with the shapes
 * compilers emit around them: loops, switches and try blocks at a block's start, nested and
 * reentrant monitors, and exits by fall-through, break, continue (plain and labelled), return
 * and throw (caught inside the method or outside). At marked points each program asks
 * racewatch which locks the thread holds ({@code io.racewatch.locks.HeldLocksView}) and
 * compares with what the language says: the monitors of the enclosing synchronized blocks and
 * methods, plus the caller's. After every call, nothing may be held.
 *
 * <p>Deterministic: a seed gives the same source, and the program's own branch choices come
 * from a fixed pseudo-random sequence. Every loop ends after at most three rounds.
 */
final class MonitorPrograms {
    static final String PACKAGE = "gen";
    private static final int MAX_DEPTH = 4;

    /** The support class: checks, the exception, the branch choices. */
    static String support() {
        return """
            package gen;

            import io.racewatch.locks.HeldLocksView;

            /** What the generated methods share: the lock pool, the checks and the verdict. */
            public final class Held {
                static final Object[] NONE = {};
                static final Object[] POOL = new Object[64];
                static final String[] NAMES = new String[64];
                static int poolSize;
                static int checks;
                static int mismatches;
                static final StringBuilder report = new StringBuilder();
                static int ticks = 17;

                public static final class Boom extends RuntimeException {
                    public Boom() {
                        super("boom", null, false, false);
                    }
                }

                static void register(Object lock, String name) {
                    POOL[poolSize] = lock;
                    NAMES[poolSize++] = name;
                }

                /** A branch the compiler cannot fold, taken about one time in four. */
                static boolean odd() {
                    ticks = ticks * 1103515245 + 12345;
                    return (ticks >>> 16 & 3) == 0;
                }

                static Object[] with(Object[] outer, Object... inner) {
                    Object[] all = new Object[outer.length + inner.length];
                    System.arraycopy(outer, 0, all, 0, outer.length);
                    System.arraycopy(inner, 0, all, outer.length, inner.length);
                    return all;
                }

                private static int occurrences(Object lock, Object[] outer, Object[] inner) {
                    int n = 0;
                    for (Object o : outer) {
                        n += o == lock ? 1 : 0;
                    }
                    for (Object o : inner) {
                        n += o == lock ? 1 : 0;
                    }
                    return n;
                }

                /** The language says {@code outer} and {@code inner} are held here, reentrant ones as often as taken. */
                static void check(String where, Object[] outer, Object... inner) {
                    checks++;
                    int distinct = 0;
                    for (int i = 0; i < poolSize; i++) {
                        int expected = occurrences(POOL[i], outer, inner);
                        distinct += expected > 0 ? 1 : 0;
                        int actual = HeldLocksView.holdCount(POOL[i]);
                        if (actual != expected) {
                            mismatch(where + ": " + NAMES[i] + " held " + expected + " times, racewatch counts " + actual);
                        }
                    }
                    int held = HeldLocksView.heldCount();
                    if (held != distinct) {
                        mismatch(where + ": " + distinct + " locks held, racewatch counts " + held);
                    }
                }

                private static void mismatch(String what) {
                    if (mismatches++ < 40) {
                        report.append(what).append('\\n');
                    }
                }

                public static void main(String[] args) throws Exception {
                    for (String name : args) {
                        Class.forName("gen." + name).getMethod("run").invoke(null);
                    }
                    System.out.println("checks=" + checks + " mismatches=" + mismatches);
                    System.out.print(report);
                }
            }
            """;
    }

    /**
     * One class of {@code methods} generated methods and its driver {@code run()}.
     *
     * @param compilable leave out the shapes HotSpot cannot compile whoever wrote the bytecode:
     *                   a monitor taken again through the same local (javac's own code is then
     *                   "nested redundant lock"), and {@code this} locked inside a synchronized
     *                   instance method (racewatch makes that method's monitor explicit, from
     *                   local 0, which then counts as locked)
     */
    static String program(String className, long seed, int methods, boolean compilable) {
        MonitorPrograms p = new MonitorPrograms(className, seed);
        p.compilable = compilable;
        return p.write(methods);
    }

    /** Where a statement is generated: what is held, what an exit may target. */
    private record Scope(List<String> held, boolean isStatic, String innermostBreak, String innermostLoop,
                         List<String> loopLabels, boolean inFinally, int depth, boolean mayCall) {
        Scope holding(String lock) {
            List<String> h = new ArrayList<>(held);
            h.add(lock);
            return new Scope(h, isStatic, innermostBreak, innermostLoop, loopLabels, inFinally, depth + 1, mayCall);
        }

        Scope inLoop(String label) {
            List<String> labels = new ArrayList<>(loopLabels);
            labels.add(label);
            return new Scope(held, isStatic, "loop", "loop", labels, inFinally, depth + 1, mayCall);
        }

        Scope inSwitch() {
            return new Scope(held, isStatic, "switch", innermostLoop, loopLabels, inFinally, depth + 1, mayCall);
        }

        Scope deeper(boolean finallyBlock) {
            return new Scope(held, isStatic, innermostBreak, innermostLoop, loopLabels, inFinally || finallyBlock, depth + 1, mayCall);
        }
    }

    private enum Kind { CHECK, SYNC, LOOP, SWITCH, TRY_FINALLY, TRY_CATCH, EXIT, CALL }

    private final String className;
    private final Random random;
    private final StringBuilder out = new StringBuilder();
    private int nextName;
    private int loopCounters;
    private int currentMethod;
    /** Methods below this index call nothing; the others call only them. */
    private int leaves;
    private final List<Boolean> staticMethods = new ArrayList<>();
    private boolean compilable;
    /** The method being written is a synchronized instance method. */
    private boolean lockedThis;

    private MonitorPrograms(String className, long seed) {
        this.className = className;
        this.random = new Random(seed);
    }

    private String write(int methods) {
        leaves = Math.max(1, methods / 3);
        out.append("package ").append(PACKAGE).append(";\n\n");
        out.append("import static gen.Held.*;\n\n");
        out.append("public final class ").append(className).append(" {\n");
        out.append("    static final Object A = new Object();\n");
        out.append("    static final Object B = new Object();\n");
        out.append("    static final Object C = new Object();\n");
        out.append("    static final ").append(className).append(" S = new ").append(className).append("();\n");
        out.append("    final Object own = new Object();\n");
        StringBuilder body = new StringBuilder();
        StringBuilder saved = new StringBuilder(out);
        out.setLength(0);
        for (int i = 0; i < methods; i++) {
            method(i, methods);
        }
        body.append(out);
        out.setLength(0);
        out.append(saved);
        for (int k = 0; k < loopCounters; k++) {
            out.append("    static int k").append(k).append(";\n");
        }
        out.append("    static {\n");
        for (String lock : List.of("A", "B", "C", className + ".class", "S", "S.own")) {
            out.append("        register(").append(lock).append(", \"").append(className).append('.').append(lock.replace(className + ".", ""))
                .append("\");\n");
        }
        out.append("    }\n\n");
        out.append(body);
        driver(methods);
        out.append("}\n");
        return out.toString();
    }

    private void driver(int methods) {
        out.append("    private static void call(int i, Object[] ctx) {\n        switch (i) {\n");
        for (int i = 0; i < methods; i++) {
            out.append("            case ").append(i).append(" -> ").append(callee(i)).append("(ctx);\n");
        }
        out.append("            default -> throw new IllegalArgumentException();\n        }\n    }\n\n");
        out.append("    public static void run() {\n");
        out.append("        for (int round = 0; round < 2; round++) {\n");
        out.append("            for (int i = 0; i < ").append(methods).append("; i++) {\n");
        out.append("                try {\n                    call(i, NONE);\n                } catch (Boom e) {\n                }\n");
        out.append("                check(\"").append(className).append(" after m\" + i, NONE);\n");
        out.append("                synchronized (C) {\n");
        out.append("                    try {\n                        call(i, new Object[] {C});\n                    } catch (Boom e) {\n                    }\n");
        out.append("                    check(\"").append(className).append(" after m\" + i + \" under C\", NONE, C);\n");
        out.append("                }\n");
        out.append("                check(\"").append(className).append(" after m\" + i + \" and C\", NONE);\n");
        out.append("            }\n        }\n    }\n");
    }

    private String callee(int i) {
        return (staticMethods.get(i) ? "" : "S.") + "m" + i;
    }

    private void method(int index, int methods) {
        currentMethod = index;
        boolean isStatic = random.nextBoolean();
        boolean isSynchronized = random.nextInt(3) > 0;
        staticMethods.add(isStatic);
        lockedThis = isSynchronized && !isStatic;
        List<String> held = new ArrayList<>();
        if (isSynchronized) {
            held.add(isStatic ? className + ".class" : "this");
        }
        // The first third are leaves: calls go only to them, so a call chain is two deep at most.
        boolean mayCall = index >= leaves;
        Scope scope = new Scope(held, isStatic, null, null, List.of(), false, 0, mayCall);
        out.append("    ").append(isStatic ? "static " : "").append(isSynchronized ? "synchronized " : "")
            .append("void m").append(index).append("(Object[] ctx) {\n");
        // Half the methods start with a compound statement: the shapes at a method's or block's start.
        block(scope, random.nextBoolean() ? compound() : null, 2);
        out.append("    }\n\n");
    }

    private Kind compound() {
        Kind[] kinds = {Kind.LOOP, Kind.LOOP, Kind.SWITCH, Kind.TRY_FINALLY, Kind.TRY_CATCH, Kind.SYNC};
        return kinds[random.nextInt(kinds.length)];
    }

    /** One to three statements, the first of kind {@code first} when given. */
    private void block(Scope scope, Kind first, int indent) {
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            statement(scope, i == 0 && first != null ? first : pick(scope), indent);
        }
        if (random.nextInt(3) > 0) {
            check(scope, indent);
        }
    }

    private Kind pick(Scope scope) {
        if (scope.depth() >= MAX_DEPTH) {
            return random.nextBoolean() ? Kind.CHECK : Kind.EXIT;
        }
        int r = random.nextInt(20);
        if (r < 4) {
            return Kind.CHECK;
        } else if (r < 9) {
            return Kind.SYNC;
        } else if (r < 11) {
            return Kind.LOOP;
        } else if (r < 12) {
            return Kind.SWITCH;
        } else if (r < 13) {
            return Kind.TRY_FINALLY;
        } else if (r < 14) {
            return Kind.TRY_CATCH;
        } else if (r < 18) {
            return Kind.EXIT;
        }
        return Kind.CALL;
    }

    private void line(int indent, String text) {
        out.append("    ".repeat(indent)).append(text).append('\n');
    }

    private String name(String prefix) {
        return prefix + nextName++;
    }

    private void statement(Scope scope, Kind kind, int indent) {
        switch (kind) {
            case CHECK -> check(scope, indent);
            case SYNC -> sync(scope, indent);
            case LOOP -> loop(scope, indent);
            case SWITCH -> switchStatement(scope, indent);
            case TRY_FINALLY -> {
                line(indent, "try {");
                block(scope.deeper(false), random.nextBoolean() ? compound() : null, indent + 1);
                line(indent, "} finally {");
                block(scope.deeper(true), null, indent + 1);
                line(indent, "}");
            }
            case TRY_CATCH -> {
                line(indent, "try {");
                block(scope.deeper(false), random.nextBoolean() ? compound() : null, indent + 1);
                line(indent, "} catch (" + (random.nextBoolean() ? "Boom" : "RuntimeException") + " " + name("e") + ") {");
                block(scope.deeper(false), null, indent + 1);
                line(indent, "}");
            }
            case EXIT -> exit(scope, indent);
            case CALL -> call(scope, indent);
        }
    }

    private void check(Scope scope, int indent) {
        String where = className + ".m" + currentMethod + "#" + nextName++;
        StringBuilder args = new StringBuilder("check(\"" + where + "\", ctx");
        for (String lock : scope.held()) {
            args.append(", ").append(lock);
        }
        line(indent, args + ");");
    }

    private void sync(Scope scope, int indent) {
        List<String> locks = new ArrayList<>(List.of("A", "B", "C", className + ".class"));
        if (!scope.isStatic()) {
            if (!(compilable && lockedThis)) {
                locks.add("this");
            }
            locks.add("own");
        }
        if (!scope.held().isEmpty() && random.nextInt(4) == 0) {
            String again = scope.held().get(random.nextInt(scope.held().size())); // reentrant
            boolean sameLocal = again.startsWith("l") || again.equals("this");
            if (!(compilable && sameLocal)) {
                locks.add(again);
            }
        }
        String lock = locks.get(random.nextInt(locks.size()));
        if (random.nextInt(4) == 0) {
            String alias = name("l");
            line(indent, "Object " + alias + " = " + lock + ";");
            lock = alias;
        }
        line(indent, "synchronized (" + lock + ") {");
        // Most blocks start with a compound statement: the shapes this test is about.
        block(scope.holding(lock), random.nextInt(3) > 0 ? compound() : null, indent + 1);
        line(indent, "}");
        if (random.nextBoolean()) {
            check(scope, indent);
        }
    }

    private void loop(Scope scope, int indent) {
        String label = name("loop");
        String counter = "k" + loopCounters++;
        Scope inner = scope.inLoop(label);
        boolean labelled = random.nextBoolean();
        String prefix = labelled ? label + ": " : "";
        Scope body = labelled ? inner : new Scope(inner.held(), inner.isStatic(), "loop", "loop", scope.loopLabels(),
            inner.inFinally(), inner.depth(), inner.mayCall());
        switch (random.nextInt(4)) {
            case 0 -> {
                line(indent, prefix + "while (true) {");
                line(indent + 1, "if (++" + counter + " % 3 == 0) {");
                line(indent + 2, "break;");
                line(indent + 1, "}");
                block(body, random.nextBoolean() ? compound() : null, indent + 1);
                line(indent, "}");
            }
            case 1 -> {
                line(indent, prefix + "do {");
                block(body, random.nextBoolean() ? compound() : null, indent + 1);
                line(indent, "} while (++" + counter + " % 3 != 0);");
            }
            case 2 -> {
                line(indent, prefix + "while (++" + counter + " % 3 != 0) {");
                block(body, random.nextBoolean() ? compound() : null, indent + 1);
                line(indent, "}");
            }
            default -> {
                String i = name("i");
                line(indent, prefix + "for (int " + i + " = 0; " + i + " < 2; " + i + "++) {");
                block(body, random.nextBoolean() ? compound() : null, indent + 1);
                line(indent, "}");
            }
        }
    }

    private void switchStatement(Scope scope, int indent) {
        Scope inner = scope.inSwitch();
        line(indent, "switch (ticks & 3) {");
        line(indent + 1, "case 0: {");
        block(inner, random.nextBoolean() ? compound() : null, indent + 2);
        line(indent + 1, "}");
        line(indent + 1, "break;");
        line(indent + 1, "case 1: {"); // falls through into default
        block(inner, null, indent + 2);
        line(indent + 1, "}");
        line(indent + 1, "default: {");
        block(inner, random.nextBoolean() ? compound() : null, indent + 2);
        line(indent + 1, "}");
        line(indent, "}");
    }

    private void exit(Scope scope, int indent) {
        if (scope.inFinally()) {
            check(scope, indent);
            return;
        }
        List<String> exits = new ArrayList<>(List.of("return;", "throw new Boom();"));
        if (scope.innermostBreak() != null) {
            exits.add("break;");
            exits.add("break;");
        }
        if (scope.innermostLoop() != null) {
            exits.add("continue;");
            exits.add("continue;");
        }
        for (String label : scope.loopLabels()) {
            exits.add("break " + label + ";");
            exits.add("continue " + label + ";");
        }
        line(indent, "if (odd()) {");
        line(indent + 1, exits.get(random.nextInt(exits.size())));
        line(indent, "}");
    }

    private void call(Scope scope, int indent) {
        if (!scope.mayCall()) {
            check(scope, indent);
            return;
        }
        int target = random.nextInt(leaves);
        StringBuilder args = new StringBuilder("with(ctx");
        for (String lock : scope.held()) {
            args.append(", ").append(lock);
        }
        line(indent, callee(target) + "(" + args + "));");
    }
}
