package realprograms;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;

import java.util.ArrayList;
import java.util.List;

/**
 * Groovy 1.7.9 (pre-Java-7 class files) running scripts through {@link GroovyShell}: closures,
 * collections, metaclass changes, maps, and scripts evaluated from several threads. Prints what
 * each script printed and returned.
 */
public final class GroovyScripts {
    private static final String CLOSURES = String.join("\n",
        "def add = { a, b -> a + b }",
        "def twice = { f, x -> f(f(x)) }",
        "def curried = add.curry(10)",
        "println twice({ it * 3 }, 2)",
        "println([1, 2, 3, 4].inject(0, add))",
        "println curried(5)",
        "def counter = 0",
        "5.times { counter += it }",
        "counter");

    private static final String COLLECTIONS = String.join("\n",
        "def squares = (1..10).findAll { it % 2 == 0 }.collect { it * it }",
        "println squares",
        "println squares.sum()",
        "println(['pear', 'apple', 'fig'].sort().join('-'))",
        "println(['pear', 'apple', 'fig'].sort { it.size() })",
        "println([3, 1, 2].max() + [3, 1, 2].min())",
        "println((1..4).collect { [it, it * it] }.flatten().unique().size())",
        "[1, 2, 3].every { it > 0 } && ![1, 2, 3].any { it > 5 }");

    private static final String METACLASS = String.join("\n",
        "String.metaClass.shout = { -> delegate.toUpperCase() + '!' }",
        "Integer.metaClass.triple = { -> delegate * 3 }",
        "class Point { int x; int y; String toString() { \"($x,$y)\" } }",
        "Point.metaClass.plus = { Point o -> new Point(x: delegate.x + o.x, y: delegate.y + o.y) }",
        "def p = new Point(x: 1, y: 2) + new Point(x: 10, y: 20)",
        "println 'hello'.shout()",
        "println 7.triple()",
        "println p",
        "println p.respondsTo('plus') ? 'plus' : 'none'",
        "def e = new Expando(name: 'box')",
        "e.describe = { -> \"expando \" + name }",
        "e.describe()");

    private static final String MAPS = String.join("\n",
        "def m = [b: 2, a: 1]",
        "m.c = 3",
        "m['d'] = 4",
        "m.each { k, v -> println \"$k=$v\" }",
        "println m.findAll { it.value > 1 }.keySet()",
        "println m.inject(0) { s, e -> s + e.value }",
        "def words = 'the quick brown fox jumps over the lazy dog the end'.split(' ')",
        "def freq = [:].withDefault { 0 }",
        "words.each { freq[it] += 1 }",
        "println freq.sort { a, b -> b.value <=> a.value ?: a.key <=> b.key }.collect { it.key }[0..2]",
        "println words.toList().groupBy { it.size() }.collect { k, v -> \"$k:${v.size()}\" }.sort()",
        "m.size()");

    private GroovyScripts() {
    }

    public static void main(String[] args) throws Exception {
        GroovyShell shell = new GroovyShell(new Binding());
        run(shell, "closures", CLOSURES);
        run(shell, "collections", COLLECTIONS);
        run(shell, "metaclass", METACLASS);
        run(shell, "maps", MAPS);
        inThreads();
    }

    private static void run(GroovyShell shell, String name, String script) {
        System.out.println("== " + name);
        Object result = shell.evaluate(script, name + ".groovy");
        System.out.println("=> " + result);
    }

    /** Several threads each evaluate a script in a shell of their own: Groovy's shared caches under contention. */
    private static void inThreads() throws InterruptedException {
        int threads = 4;
        String[] results = new String[threads];
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                Binding binding = new Binding();
                binding.setVariable("n", n);
                Object r = new GroovyShell(binding).evaluate(
                    "def m = [:]; (1..50).each { m[it % (n + 2)] = (m[it % (n + 2)] ?: 0) + it }; m.toString()",
                    "thread" + n + ".groovy");
                results[n] = String.valueOf(r);
            }, "groovy-" + i);
            all.add(t);
            t.start();
        }
        for (Thread t : all) {
            t.join();
        }
        System.out.println("== threads");
        for (int i = 0; i < threads; i++) {
            System.out.println(i + " => " + results[i]);
        }
    }
}
