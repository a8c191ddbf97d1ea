package testprograms.unresolvable;

import java.util.HashMap;
import java.util.Map;

/**
 * Stands for a generated proxy (Mockito 1's CGLIB classes): its loader defines it from bytes and
 * shows no class files, so the agent cannot read {@link HiddenApi}, which it implements, nor
 * {@link Hidden}, which a method of it returns.
 */
public class Generated implements HiddenApi {
    private final Map<String, String> state = new HashMap<>();

    Hidden hidden() {
        return new Hidden();
    }

    @Override
    public String describe() {
        state.put("works", "yes");
        return "generated class works: " + state.get("works");
    }
}
