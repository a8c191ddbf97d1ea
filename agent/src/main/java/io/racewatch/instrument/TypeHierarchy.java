package io.racewatch.instrument;

import net.bytebuddy.dynamic.ClassFileLocator;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Answers "is this call's owner a Map (a Lock, an Executor...)?" and "is this field volatile?"
 * from class files, without loading classes: a transformer that loads classes invites
 * class-circularity errors. Each class file is read once for its {@link ClassShape} (supertypes
 * and fields only), kept in its loader's {@link LoaderTypes}; JDK types in one table for all
 * loaders. A type that cannot be read (an optional dependency absent) matches nothing, and a
 * supertype set stops where a type could not be read, as a type description's would.
 */
final class TypeHierarchy {
    private static final int MAX_DEPTH = 1000;
    private static final Set<String> ARRAY_SUPERTYPES = Set.of("java/lang/Object", "java/lang/Cloneable", "java/io/Serializable");

    private final ClassFileLocator files;
    /** When set, class files are read from it directly, and only as far as {@link ClassShape} needs; else through {@link #files}. */
    private final ClassLoader loader;
    private final LoaderTypes local;
    private final LoaderTypes jdk;
    /** The class being rewritten, whose bytes answer for it (a class generated at run time has no class file). */
    private final String selfName;
    private final byte[] selfFile;
    private ClassShape self;
    /** Where every answer given is noted, for a cached rewrite to check later ({@link TypeAnswers}); null for nowhere. */
    private TypeAnswers answers;

    /**
     * @param files    reads class files by binary name, as the loader sees them
     * @param local    the loader's table
     * @param jdk      the table of JDK types
     * @param selfName internal name of the class being rewritten, or null
     * @param selfFile its class file, or null
     */
    TypeHierarchy(ClassFileLocator files, LoaderTypes local, LoaderTypes jdk, String selfName, byte[] selfFile) {
        this(files, null, local, jdk, selfName, selfFile);
    }

    /**
     * Types as {@code loader} sees them (its {@code getResourceAsStream}, as a class-loader locator reads
     * them), each class file read only up to the end of its field table.
     */
    TypeHierarchy(ClassLoader loader, LoaderTypes local, LoaderTypes jdk, String selfName, byte[] selfFile) {
        this(null, loader, local, jdk, selfName, selfFile);
    }

    private TypeHierarchy(ClassFileLocator files, ClassLoader loader, LoaderTypes local, LoaderTypes jdk, String selfName,
                          byte[] selfFile) {
        this.files = files;
        this.loader = loader;
        this.local = local;
        this.jdk = jdk;
        this.selfName = selfName;
        this.selfFile = selfFile;
    }

    /** Types read through {@code files} with tables of their own (tests, tools). */
    static TypeHierarchy of(ClassFileLocator files) {
        return new TypeHierarchy(files, new LoaderTypes(), new LoaderTypes(), null, null);
    }

    /** Notes every answer given from now on to {@code into}. */
    void noteAnswersTo(TypeAnswers into) {
        answers = into;
    }

    /** True when {@code owner} is {@code family} or a subtype of it (internal names). */
    boolean isA(String owner, String family) {
        if (owner.equals(family)) {
            if (answers != null) {
                answers.isA(owner, family, true);
            }
            return true;
        }
        LoaderTypes.Supertypes s = supertypes(owner);
        boolean is = s.set.contains(family);
        if (answers != null) {
            // Noted from the set, kept or made now: a kept set was made without reading the types again.
            if (s.stoppedAt != null) {
                answers.sawUnreadable(s.stoppedAt);
            }
            if (s.runTimeBytes || generatedElsewhere(s.selfBytesOf)) {
                answers.sawRunTimeBytes();
            }
            answers.isA(owner, family, is);
        }
        return is;
    }

    /**
     * True when a kept set was made from the bytes of another class being rewritten then, and that
     * class has no class file: it was generated at run time, and another run may generate it otherwise.
     */
    private boolean generatedElsewhere(String selfBytesOf) {
        return selfBytesOf != null && !selfBytesOf.equals(selfName) && lookUpShape(selfBytesOf) == null;
    }

    private LoaderTypes.Supertypes supertypes(String owner) {
        LoaderTypes table = LoaderTypes.isJdk(owner) ? jdk : local;
        LoaderTypes.Supertypes known = table.supertypes(owner);
        if (known == null) {
            Set<String> set = new HashSet<>();
            Walk walk = new Walk();
            if (owner.startsWith("[")) {
                if (arrayResolves(owner, walk)) {
                    set.addAll(ARRAY_SUPERTYPES);
                }
            } else {
                try {
                    collect(owner, set, walk);
                } catch (Unreadable stop) {
                    // The set as far as it got: a type description fails at the same place.
                }
            }
            known = new LoaderTypes.Supertypes(set, walk.stoppedAt, walk.runTimeBytes, walk.selfBytesOf);
            if (table == jdk && walk.stoppedAt != null) {
                return known; // another loader may read what this one could not
            }
            table.keepSupertypes(owner, known);
        }
        return known;
    }

    /** What a walk up the supertypes met besides class files it read. */
    private static final class Walk {
        String stoppedAt;
        boolean runTimeBytes;
        String selfBytesOf;
    }

    /** Depth first, superclass before interfaces, each type once. */
    private void collect(String type, Set<String> into, Walk walk) throws Unreadable {
        ClassShape shape = lookUpShape(type);
        if (shape == null) {
            walk.stoppedAt = type;
            throw Unreadable.INSTANCE;
        }
        walk.runTimeBytes |= fromRunTimeBytes(type);
        if (type.equals(selfName)) {
            walk.selfBytesOf = selfName;
        }
        if (shape.superName != null && into.add(shape.superName)) {
            collect(shape.superName, into, walk);
        }
        for (String itf : shape.interfaces) {
            if (into.add(itf)) {
                collect(itf, into, walk);
            }
        }
    }

    /** An array type's supertypes are known when its element type is (always, for primitives). */
    private boolean arrayResolves(String descriptor, Walk walk) {
        String element = descriptor.substring(descriptor.lastIndexOf('[') + 1);
        if (!element.startsWith("L")) {
            return true;
        }
        String type = element.substring(1, element.length() - 1);
        if (lookUpShape(type) == null) {
            walk.stoppedAt = type;
            return false;
        }
        walk.runTimeBytes |= fromRunTimeBytes(type);
        if (type.equals(selfName)) {
            walk.selfBytesOf = selfName;
        }
        return true;
    }

    /** True when {@code type}'s shape came from bytes defined at run time in this loader, not from a class file. */
    private boolean fromRunTimeBytes(String type) {
        return !type.equals(selfName) && !LoaderTypes.isJdk(type) && local.definedAtRunTime(type);
    }

    /**
     * True when {@code type} can be read now (without noting it anywhere): a kept rewrite that met
     * it unreadable still holds on the same class path only while it cannot ({@link TypeAnswers}).
     */
    boolean canRead(String type) {
        return lookUpShape(type) != null;
    }

    /** True when field {@code name}, looked up from {@code owner} upwards, is volatile. */
    boolean isVolatileField(String owner, String name) {
        boolean is = lookUpVolatile(owner, name);
        if (answers != null) {
            answers.isVolatile(owner, name, is);
        }
        return is;
    }

    private boolean lookUpVolatile(String owner, String name) {
        // Bounded: class files on a class path can name a circular superclass chain.
        int depth = 0;
        for (String type = owner; type != null && depth++ < MAX_DEPTH; ) {
            ClassShape shape = shape(type);
            if (shape == null) {
                return false;
            }
            Boolean declared = shape.declaredVolatile(name);
            if (declared != null) {
                return declared;
            }
            type = shape.superName;
        }
        return false;
    }

    /** The shape of {@code type} (internal name), read once per table; null when it cannot be read. */
    private ClassShape shape(String type) {
        ClassShape shape = lookUpShape(type);
        if (answers != null) {
            if (shape == null) {
                answers.sawUnreadable(type); // it may be defined later in the run, without a class file
            } else if (fromRunTimeBytes(type)) {
                answers.sawRunTimeBytes();
            }
        }
        return shape;
    }

    private ClassShape lookUpShape(String type) {
        if (type.equals(selfName)) {
            if (self == null) {
                try {
                    self = ClassShape.read(selfFile);
                } catch (RuntimeException unreadable) {
                    return null;
                }
            }
            return self;
        }
        LoaderTypes table = LoaderTypes.isJdk(type) ? jdk : local;
        ClassShape shape = table.shape(type);
        if (shape == null) {
            shape = read(type);
            if (shape != null || table != jdk) {
                table.keep(type, shape); // a JDK type one loader cannot read (it hides resources) may be read through another
            }
            return shape;
        }
        return LoaderTypes.isMissing(shape) ? null : shape;
    }

    private ClassShape read(String type) {
        if (loader != null) {
            try (InputStream in = loader.getResourceAsStream(type + ".class")) {
                return in == null ? null : ClassShape.read(in);
            } catch (IOException | RuntimeException unreadable) {
                return null;
            }
        }
        try {
            ClassFileLocator.Resolution file = files.locate(type.replace('/', '.'));
            return file.isResolved() ? ClassShape.read(file.resolve()) : null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** A type on the way up could not be read: the walk stops there. */
    private static final class Unreadable extends Exception {
        static final Unreadable INSTANCE = new Unreadable();

        private Unreadable() {
            super(null, null, false, false);
        }
    }
}
