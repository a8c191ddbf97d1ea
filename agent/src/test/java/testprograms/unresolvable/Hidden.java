package testprograms.unresolvable;

/** A type whose class file its loader does not show, as with classes generated at run time. */
public class Hidden {
}
