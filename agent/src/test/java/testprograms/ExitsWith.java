package testprograms;

/** Prints a line and exits with the status given as the first argument (the agent must not change it). */
public final class ExitsWith {
    public static void main(String[] args) {
        int status = Integer.parseInt(args[0]);
        System.out.println("exiting with " + status);
        System.exit(status);
    }
}
