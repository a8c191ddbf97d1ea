package testprograms.lib;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;

/**
 * A library that makes its caller's maps the way data-binding and caching libraries do: by
 * reflection from a map type's no-argument constructor, or by Java serialization (which runs no
 * constructor of the map's own class). Tests exclude {@code testprograms.lib.*}.
 */
public final class MapMaker {
    private MapMaker() {
    }

    /** A new, empty map of {@code type}, made through its public no-argument constructor. */
    public static <M extends Map<?, ?>> M reflectively(Class<M> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of {@code map} written and read back with Java serialization. */
    @SuppressWarnings("unchecked")
    public static <M extends Map<?, ?>> M deserializedCopy(M map) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(map);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (M) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
