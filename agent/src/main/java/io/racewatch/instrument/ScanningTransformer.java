package io.racewatch.instrument;

import io.racewatch.runtime.Faults;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.dynamic.ClassFileLocator;

import java.security.ProtectionDomain;
import java.util.Set;

/**
 * Stands in front of Byte Buddy's transformer and passes it only the classes the rewrite would
 * change: a class the filter leaves alone is turned away by its name, before anything parses it,
 * and one whose bytes show nothing to rewrite ({@link ClassFileScan}) right after. Byte Buddy's
 * type descriptions, method graph and class writer then cost only the classes that need them.
 */
final class ScanningTransformer extends ResettableClassFileTransformer.WithDelegation {
    private final ClassFilter filter;
    private final Set<String> lifecycle;
    private final AgentBuilder.PoolStrategy pools;

    /**
     * @param pools the rewrite's own type pools: a supertype or field read here is not read again there
     */
    ScanningTransformer(ResettableClassFileTransformer rewrite, ClassFilter filter, Set<String> lifecycle,
                        AgentBuilder.PoolStrategy pools) {
        super(rewrite);
        this.filter = filter;
        this.lifecycle = lifecycle;
        this.pools = pools;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                            byte[] classFile) throws java.lang.instrument.IllegalClassFormatException {
        if (loader == null || internalName == null || classFile == null) {
            return null; // the JDK's own classes are JdkOrderHooks', and a class without a name has no rules
        }
        String name = internalName.replace('/', '.');
        if (!filter.orders(name)) {
            return null;
        }
        boolean rewrite;
        try {
            rewrite = ClassFileScan.mayRewrite(classFile, filter.includes(name), lifecycle,
                () -> new TypeHierarchy(pools.typePool(ClassFileLocator.ForClassLoader.of(loader), loader)));
        } catch (Throwable failure) {
            Faults.report("scanning " + name, failure);
            rewrite = true;
        }
        return rewrite ? classFileTransformer.transform(module, loader, internalName, redefined, domain, classFile) : null;
    }
}
