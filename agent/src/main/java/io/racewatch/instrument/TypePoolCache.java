package io.racewatch.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Type descriptions kept per class loader across the classes it loads, so that a supertype's
 * class file is read once per loader rather than once for every class that extends or calls it.
 * Loaders are held weakly; each loader's descriptions are held softly (they refer back to the
 * loader, and the JVM may drop them under memory pressure, when they are simply read again).
 * A type that could not be resolved is not remembered: a class defined later without a class
 * file (generated at run time) must still be describable when it is itself transformed.
 */
final class TypePoolCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
    private final Map<ClassLoader, TypePool.CacheProvider> byLoader = new WeakHashMap<>();

    TypePoolCache() {
        super(TypePool.Default.ReaderMode.FAST);
    }

    @Override
    protected synchronized TypePool.CacheProvider locate(ClassLoader loader) {
        // WeakHashMap accepts the bootstrap loader's null key.
        return byLoader.computeIfAbsent(loader,
            l -> TypePool.CacheProvider.WithIllegalResolutionReattempt.of(new TypePool.CacheProvider.Simple.UsingSoftReference()));
    }
}
