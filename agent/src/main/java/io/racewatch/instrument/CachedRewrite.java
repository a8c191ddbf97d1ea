package io.racewatch.instrument;

import io.racewatch.maps.MapGetters;
import io.racewatch.order.VolatileAccesses;
import io.racewatch.runtime.Site;
import io.racewatch.runtime.Sites;
import io.racewatch.tasks.Lifecycles;
import jdk.internal.vm.annotation.DontInline;

import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One class's rewrite kept between runs: the rewritten class file (or none: it loads as it is),
 * the answers about other classes it depended on ({@link TypeAnswers}), and what the rewrite
 * told racewatch's runtime besides: the sites it registered, the static volatile fields it gave
 * ids, the getters it noted, whether it has a lifecycle end. {@link #replay} tells the runtime
 * the same again and gives the class this run's site and field ids ({@link ProbeConstants}).
 */
final class CachedRewrite {
    private final byte[] rewritten;
    /** The answers, or null until {@link #answers()} reads them from {@link #answersRead}. */
    private volatile TypeAnswers answers;
    private final byte[] answersRead;
    /** Getter name, field name, ... as noted to {@link MapGetters}. */
    private final List<String> getters;
    private final List<KeptSite> sites;
    /** The static volatile fields ({@code owner.name}) and their ids in the run that made the rewrite. */
    private final List<String> staticFields;
    private final int[] staticIds;
    private final boolean lifecycleEnd;
    /**
     * Where {@link #rewritten} pushes its site and field ids (kept with it, so that giving it this
     * run's ids does not walk its code again); null when it loads as it is.
     */
    private final ProbeConstants constants;
    /**
     * The class path's state ({@link ClassPathState}) when the answers came from it alone: while it
     * is the same, they are; null when they must be asked again.
     */
    private final String classPath;

    /**
     * What {@link CodeSourceCache#get} gives for a class whose kept rewrite, by its index record,
     * loads it as it is and replays nothing on the class path as it is now: the class file is
     * loaded unchanged, and the entry is not read. (Replayed anyway, it answers the same: no answers
     * to ask, the class file as it is, nothing told to the runtime.)
     */
    static final CachedRewrite LOADS_AS_IT_IS = new CachedRewrite(null, new TypeAnswers(), null, List.of(), List.of(), List.of(),
        new int[0], false, null, null);

    /** A site as {@link Sites#register} took it, and the id it had. */
    private record KeptSite(int id, String className, String method, String file, int line, String receiverField) {
    }

    /** A named class, not a lambda (see RewritingTransformer): used when a rewrite is kept. */
    private static final java.util.Comparator<KeptSite> BY_ID = new java.util.Comparator<>() {
        @Override
        public int compare(KeptSite a, KeptSite b) {
            return Integer.compare(a.id, b.id);
        }
    };

    private CachedRewrite(byte[] rewritten, TypeAnswers answers, byte[] answersRead, List<String> getters, List<KeptSite> sites,
                          List<String> staticFields, int[] staticIds, boolean lifecycleEnd, ProbeConstants constants, String classPath) {
        this.rewritten = rewritten;
        this.answers = answers;
        this.answersRead = answersRead;
        this.getters = getters;
        this.sites = sites;
        this.staticFields = staticFields;
        this.staticIds = staticIds;
        this.lifecycleEnd = lifecycleEnd;
        this.constants = constants;
        this.classPath = classPath;
    }

    /**
     * What a rewrite that just ran leaves to keep, or null when it cannot be kept: a site or field id
     * in it that this run does not know as the class's own.
     *
     * @param internalName the class
     * @param rewritten    the rewrite's class file, null when the class loads as it is
     * @param answers      the answers it was given
     * @param getters      getter, field, ... as it noted them
     * @param classPath    the state of the class path the answers came from ({@link ClassPathState}), or null
     */
    static CachedRewrite of(String internalName, byte[] rewritten, TypeAnswers answers, List<String> getters, String classPath) {
        String answeredBy = answers.fromClassFilesOnly() ? classPath : null;
        if (rewritten == null) {
            return new CachedRewrite(null, answers, null, List.copyOf(getters), List.of(), List.of(), new int[0], false, null,
                answeredBy);
        }
        ProbeConstants constants;
        try {
            constants = ProbeConstants.find(rewritten);
        } catch (RuntimeException malformed) {
            return null;
        }
        String className = internalName.replace('/', '.');
        List<KeptSite> sites = new ArrayList<>();
        // Both kept in the order of their ids, which is the order the rewrite registered them in: a
        // replay that registers them in that order again gets the same ids when the classes before
        // did (then the kept class file is used as it is), not ids swapped between two of its sites
        // or fields found in another order in the code.
        Map<Integer, String> fields = new java.util.TreeMap<>();
        java.util.Set<Integer> seenSites = new java.util.HashSet<>();
        for (int i = 0; i < constants.values.length; i++) {
            int value = constants.values[i];
            if (constants.kinds[i] == ProbeConstants.STATIC_FIELD) {
                String field = VolatileAccesses.staticField(value);
                if (field == null) {
                    return null;
                }
                fields.put(value, field);
            } else if (value != 0 && seenSites.add(value)) { // 0: a class rewritten for ordering only names no site
                Site s = Sites.get(value);
                if (s.id != value || !s.className.equals(className)) {
                    return null;
                }
                sites.add(new KeptSite(value, s.className, s.method, s.file, s.line, s.receiverField));
            }
        }
        sites.sort(BY_ID);
        List<String> fieldNames = new ArrayList<>(fields.size());
        int[] ids = new int[fields.size()];
        for (Map.Entry<Integer, String> e : fields.entrySet()) {
            ids[fieldNames.size()] = e.getKey();
            fieldNames.add(e.getValue());
        }
        return new CachedRewrite(rewritten, answers, null, List.copyOf(getters), sites, fieldNames, ids, constants.lifecycleEnd, constants,
            answeredBy);
    }

    /**
     * The rewrite again, for this run: the class file to load ({@code original} when it loads as it
     * is), or null when it does not hold (an answer changed, an id does not fit): then the class is
     * rewritten afresh.
     *
     * @param types     the loader's types as they are now
     * @param classPath the state of the loader's class path now ({@link ClassPathState}), or null
     */
    @DontInline // see RewritingTransformer's scan and rewrite
    byte[] replay(String internalName, byte[] original, Supplier<TypeHierarchy> types, String classPath) {
        boolean sameClassFiles = this.classPath != null && this.classPath.equals(classPath);
        if (sameClassFiles && (answersRead == null || namesUnreadable(answersRead))) {
            TypeAnswers asked = answers();
            sameClassFiles = asked != null && asked.stillUnreadable(types.get());
        }
        if (!sameClassFiles) {
            TypeAnswers asked = answers();
            if (asked == null || (asked.size() > 0 && !asked.stillHold(types.get()))) {
                return null;
            }
        }
        byte[] out = original;
        if (rewritten != null) {
            int[] siteIds = new int[sites.size()];
            boolean moved = false;
            for (int i = 0; i < siteIds.length; i++) {
                KeptSite s = sites.get(i);
                siteIds[i] = Sites.register(s.className, s.method, s.file, s.line, s.receiverField);
                moved |= siteIds[i] != s.id;
            }
            int[] fieldIds = new int[staticIds.length];
            for (int i = 0; i < fieldIds.length; i++) {
                fieldIds[i] = VolatileAccesses.staticId(staticFields.get(i));
                moved |= fieldIds[i] != staticIds[i];
            }
            out = moved ? renumbered(siteIds, fieldIds) : rewritten; // unmoved: the kept array itself, nothing copied
            if (out == null) {
                return null;
            }
            if (lifecycleEnd) {
                Lifecycles.register(internalName.replace('/', '.'));
            }
        }
        for (int i = 0; i < getters.size(); i += 2) {
            MapGetters.returnsField(getters.get(i), getters.get(i + 1));
        }
        return out;
    }

    /** The rewritten class with this run's ids, or null when one cannot be written where the old one is. */
    @DontInline // taken only when this run numbered the sites otherwise
    private byte[] renumbered(int[] siteIdsNow, int[] fieldIdsNow) {
        Map<Integer, Integer> siteIds = new HashMap<>();
        for (int i = 0; i < siteIdsNow.length; i++) {
            siteIds.put(sites.get(i).id, siteIdsNow[i]);
        }
        Map<Integer, Integer> fieldIds = new HashMap<>();
        for (int i = 0; i < fieldIdsNow.length; i++) {
            fieldIds.put(staticIds[i], fieldIdsNow[i]);
        }
        int[] now = new int[constants.values.length];
        for (int i = 0; i < now.length; i++) {
            int old = constants.values[i];
            Integer mapped = constants.kinds[i] == ProbeConstants.STATIC_FIELD ? fieldIds.get(old) : siteIds.get(old);
            now[i] = mapped == null ? old : mapped;
        }
        return constants.patched(rewritten, now);
    }

    /**
     * True when the answers {@link TypeAnswers#write} wrote name a type that could not be read, seen
     * without parsing them (nor loading {@link TypeAnswers}: a small program's hits need neither).
     */
    private static boolean namesUnreadable(byte[] written) {
        return written.length < 5 || (written[1] | written[2] | written[3] | written[4]) != 0;
    }

    /** The answers, read on first use (most hits need none); null when they cannot be read. */
    private TypeAnswers answers() {
        if (answers == null) {
            try {
                answers = TypeAnswers.read(new EntryReader(answersRead));
            } catch (IOException | RuntimeException damaged) {
                return null;
            }
        }
        return answers;
    }

    /**
     * The class path state on which this rewrite's replay is only the class file as it is: it
     * loads unchanged, notes no getter, registers nothing, and its answers came from class files on
     * that class path and met no type that could not be read (so nothing is asked again). Null when
     * the replay does more. Kept in the index ({@link CacheIndex}), so that such a hit reads no entry.
     */
    String loadsAsItIsOn() {
        if (rewritten != null || !getters.isEmpty() || classPath == null) {
            return null;
        }
        boolean namesUnreadable = answers != null ? answers.namesUnreadable() : answersRead == null || namesUnreadable(answersRead);
        return namesUnreadable ? null : classPath;
    }

    /** {@code replayed} is the kept class file itself, its ids unchanged. */
    boolean keptAsIs(byte[] replayed) {
        return replayed == rewritten;
    }

    /** The class loads as it is. */
    boolean unchanged() {
        return rewritten == null;
    }

    /** Roughly what it takes on disk, for the cache's bound. */
    long size() {
        return (rewritten == null ? 0 : rewritten.length) + (answersRead != null ? answersRead.length : 40L * answers.size())
            + 40L * (getters.size() + sites.size() + staticIds.length) + (constants == null ? 0 : 9L * constants.offsets.length) + 16;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(rewritten == null ? -1 : rewritten.length);
        if (rewritten != null) {
            out.write(rewritten);
        }
        out.writeInt(getters.size());
        for (String g : getters) {
            out.writeUTF(g);
        }
        out.writeInt(sites.size());
        for (KeptSite s : sites) {
            out.writeInt(s.id);
            out.writeUTF(s.className);
            out.writeUTF(s.method);
            writeNullable(out, s.file);
            out.writeInt(s.line);
            writeNullable(out, s.receiverField);
        }
        out.writeInt(staticIds.length);
        for (int i = 0; i < staticIds.length; i++) {
            out.writeInt(staticIds[i]);
            out.writeUTF(staticFields.get(i));
        }
        out.writeBoolean(lifecycleEnd);
        if (rewritten != null) {
            out.writeInt(constants.offsets.length);
            for (int i = 0; i < constants.offsets.length; i++) {
                out.writeInt(constants.offsets[i]);
                out.writeByte(constants.kinds[i]);
                out.writeInt(constants.values[i]);
            }
        }
        writeNullable(out, classPath);
        byte[] asked = answersRead;
        if (asked == null) {
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
            answers.write(new java.io.DataOutputStream(buffer));
            asked = buffer.toByteArray();
        }
        out.writeInt(asked.length);
        out.write(asked);
    }

    /** A kept rewrite as {@link #write} wrote it; an exception when the entry is damaged. */
    static CachedRewrite read(EntryReader in) throws IOException {
        int length = in.readInt();
        return read(length >= 0 ? in.readBytes(length) : null, in);
    }

    /**
     * The same, its class file already read into an array of its own ({@code rewritten}, null for
     * none) and {@code in} at what follows it.
     */
    static CachedRewrite read(byte[] rewritten, EntryReader in) throws IOException {
        int n = in.readInt();
        if (n < 0 || (n & 1) != 0) {
            throw new IOException("getters come in pairs");
        }
        List<String> getters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            getters.add(in.readUTF());
        }
        n = in.readInt();
        List<KeptSite> sites = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sites.add(new KeptSite(in.readInt(), in.readUTF(), in.readUTF(), readNullable(in), in.readInt(), readNullable(in)));
        }
        n = in.readInt();
        int[] ids = new int[n];
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids[i] = in.readInt();
            fields.add(in.readUTF());
        }
        boolean lifecycleEnd = in.readBoolean();
        ProbeConstants constants = null;
        if (rewritten != null) {
            n = in.readInt();
            if (n < 0 || n > rewritten.length) {
                throw new IOException("damaged");
            }
            int[] offsets = new int[n];
            byte[] kinds = new byte[n];
            int[] values = new int[n];
            for (int i = 0; i < n; i++) {
                offsets[i] = in.readInt();
                kinds[i] = in.readByte();
                values[i] = in.readInt();
                if (offsets[i] < 0 || offsets[i] > rewritten.length - 3) {
                    throw new IOException("damaged");
                }
            }
            constants = new ProbeConstants(offsets, kinds, values, lifecycleEnd);
        }
        String classPath = readNullable(in);
        byte[] asked = in.readBytes(in.readInt());
        return new CachedRewrite(rewritten, null, asked, getters, sites, fields, ids, lifecycleEnd, constants, classPath);
    }

    private static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(EntryReader in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
