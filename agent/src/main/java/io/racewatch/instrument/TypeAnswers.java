package io.racewatch.instrument;

import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The questions one class's scan and rewrite asked about other classes ({@link TypeHierarchy}:
 * is this owner a Map, is that field volatile) and the answers they got. Everything the rewrite
 * reads besides the class's own bytes and the options comes through these two questions, so a
 * rewrite kept from an earlier run is still the rewrite when every answer is still the same: a
 * fresh rewrite would ask the same questions in the same order and take the same turns.
 */
final class TypeAnswers {
    private static final char SUBTYPE = 'A';
    private static final char VOLATILE = 'V';

    /**
     * One question: its kind, the type asked about, and the family or field name. A plain class:
     * a record's equals and hashCode are linked at first call through the method-handle machinery
     * (some 60 classes spun, ~25 ms at start-up).
     */
    private static final class Question {
        final char kind;
        final String owner;
        final String other;

        Question(char kind, String owner, String other) {
            this.kind = kind;
            this.owner = owner;
            this.other = other;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Question q && q.kind == kind && java.util.Objects.equals(q.owner, owner) && java.util.Objects.equals(q.other, other);
        }

        @Override
        public int hashCode() {
            return (kind * 31 + java.util.Objects.hashCode(owner)) * 31 + java.util.Objects.hashCode(other);
        }
    }

    /** Question to answer, in the order first asked; each asked once is enough. */
    private final Map<Question, Boolean> asked = new LinkedHashMap<>();

    /** Types that could not be read, which answers depended on, in the order met. */
    private final Set<String> unreadable = new LinkedHashSet<>();

    /** An answer depended on a type defined at run time (its bytes made then, not read from a class file). */
    private boolean runTimeBytes;

    void sawUnreadable(String type) {
        unreadable.add(type);
    }

    /** True when an answer depended on a type that could not be read. */
    boolean namesUnreadable() {
        return !unreadable.isEmpty();
    }

    void sawRunTimeBytes() {
        runTimeBytes = true;
    }

    /**
     * True when every answer came from class files, read or looked for and not there: then they
     * are the same while the loader finds the same class files ({@link ClassPathState}) and each
     * type that could not be read still cannot ({@link #stillUnreadable}). A type defined at run
     * time has bytes another run may not make: its answers are asked again.
     */
    boolean fromClassFilesOnly() {
        return !runTimeBytes;
    }

    /**
     * True when no type that could not be read can be read now through {@code types}: on the same
     * class path, a type without a class file can only appear by being defined at run time, and
     * every walk that stopped at one stops there again.
     */
    boolean stillUnreadable(TypeHierarchy types) {
        for (String type : unreadable) {
            if (types.canRead(type)) {
                return false;
            }
        }
        return true;
    }

    void isA(String owner, String family, boolean answer) {
        asked.putIfAbsent(new Question(SUBTYPE, owner, family), answer);
    }

    void isVolatile(String owner, String field, boolean answer) {
        asked.putIfAbsent(new Question(VOLATILE, owner, field), answer);
    }

    int size() {
        return asked.size();
    }

    /** True when {@code types} (which notes nothing) answers every question as it was answered. */
    boolean stillHold(TypeHierarchy types) {
        for (Map.Entry<Question, Boolean> e : asked.entrySet()) {
            Question q = e.getKey();
            boolean now = q.kind == SUBTYPE ? types.isA(q.owner, q.other) : types.isVolatileField(q.owner, q.other);
            if (now != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Layout: whether bytes defined at run time answered, the unreadable types (count, names), the questions. */
    void write(DataOutput out) throws IOException {
        out.writeBoolean(runTimeBytes);
        out.writeInt(unreadable.size());
        for (String type : unreadable) {
            out.writeUTF(type);
        }
        out.writeInt(asked.size());
        for (Map.Entry<Question, Boolean> e : asked.entrySet()) {
            out.writeChar(e.getKey().kind);
            out.writeUTF(e.getKey().owner);
            out.writeUTF(e.getKey().other);
            out.writeBoolean(e.getValue());
        }
    }

    /** As {@link #write} wrote it; read with {@link EntryReader}, as the rest of a kept rewrite is (not {@code DataInputStream}). */
    static TypeAnswers read(EntryReader in) throws IOException {
        TypeAnswers answers = new TypeAnswers();
        answers.runTimeBytes = in.readBoolean();
        int types = in.readInt();
        if (types < 0) {
            throw new IOException("damaged");
        }
        for (int i = 0; i < types; i++) {
            answers.unreadable.add(in.readUTF());
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            char kind = in.readChar();
            if (kind != SUBTYPE && kind != VOLATILE) {
                throw new IOException("not a question: " + kind);
            }
            answers.asked.put(new Question(kind, in.readUTF(), in.readUTF()), in.readBoolean());
        }
        return answers;
    }
}
