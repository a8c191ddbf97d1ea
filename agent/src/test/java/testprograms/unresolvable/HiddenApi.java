package testprograms.unresolvable;

/** An interface of a generated class, loaded by the same loader but shown to nobody as a class file. */
public interface HiddenApi {
    String describe();
}
