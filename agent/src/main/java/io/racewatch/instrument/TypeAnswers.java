package io.racewatch.instrument;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** An answer depended on a type that could not be read. */
    private boolean unreadable;

    void sawUnreadable() {
        unreadable = true;
    }

    /**
     * True when every answer came from class files that could be read: then they are the same
     * while the loader finds the same class files ({@link ClassPathState}). A type that could not
     * be read may be defined later in a run, from bytes made at run time, which changes the answer.
     */
    boolean fromClassFilesOnly() {
        return !unreadable;
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

    void write(DataOutput out) throws IOException {
        out.writeBoolean(unreadable);
        out.writeInt(asked.size());
        for (Map.Entry<Question, Boolean> e : asked.entrySet()) {
            out.writeChar(e.getKey().kind);
            out.writeUTF(e.getKey().owner);
            out.writeUTF(e.getKey().other);
            out.writeBoolean(e.getValue());
        }
    }

    static TypeAnswers read(DataInput in) throws IOException {
        TypeAnswers answers = new TypeAnswers();
        answers.unreadable = in.readBoolean();
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
