package io.racewatch.instrument;

import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "is this call's owner a Map (a Lock, an Executor...)?" from class files, without
 * loading classes: a transformer that loads classes invites class-circularity errors.
 * JDK answers are cached for the JVM's life; application answers for one class's rewrite.
 */
final class TypeHierarchy {
    private static final Map<String, Set<String>> JDK = new ConcurrentHashMap<>();

    private final TypePool pool;
    private final Map<String, Set<String>> local = new HashMap<>();

    TypeHierarchy(TypePool pool) {
        this.pool = pool;
    }

    /** True when {@code owner} is {@code family} or a subtype of it (internal names). */
    boolean isA(String owner, String family) {
        return owner.equals(family) || supertypes(owner).contains(family);
    }

    private Set<String> supertypes(String owner) {
        boolean jdk = owner.startsWith("java/");
        Map<String, Set<String>> cache = jdk ? JDK : local;
        Set<String> known = cache.get(owner);
        if (known == null) {
            known = new HashSet<>();
            try {
                collect(pool.describe(owner.replace('/', '.')).resolve(), known);
            } catch (RuntimeException unresolvable) {
                // Not on the class path from this loader (optional dependency): matches nothing.
            }
            cache.put(owner, known);
        }
        return known;
    }

    private static void collect(TypeDefinition type, Set<String> into) {
        TypeDescription.Generic superClass = type.getSuperClass();
        if (superClass != null) {
            TypeDescription erased = superClass.asErasure();
            if (into.add(erased.getInternalName())) {
                collect(erased, into);
            }
        }
        for (TypeDescription.Generic itf : type.getInterfaces()) {
            TypeDescription erased = itf.asErasure();
            if (into.add(erased.getInternalName())) {
                collect(erased, into);
            }
        }
    }

    /** True when field {@code name}, looked up from {@code owner} upwards, is volatile. */
    boolean isVolatileField(String owner, String name) {
        try {
            TypeDefinition type = pool.describe(owner.replace('/', '.')).resolve();
            while (type != null) {
                for (FieldDescription.InDefinedShape f : type.asErasure().getDeclaredFields()) {
                    if (f.getName().equals(name)) {
                        return f.isVolatile();
                    }
                }
                TypeDescription.Generic up = type.getSuperClass();
                type = up == null ? null : up.asErasure();
            }
        } catch (RuntimeException unresolvable) {
            return false;
        }
        return false;
    }
}
