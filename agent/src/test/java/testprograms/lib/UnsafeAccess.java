package testprograms.lib;

import sun.misc.Unsafe;

/** How libraries reach {@code sun.misc.Unsafe}: its {@code theUnsafe} field. */
final class UnsafeAccess {
    private UnsafeAccess() {
    }

    static Unsafe unsafe() {
        try {
            java.lang.reflect.Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
