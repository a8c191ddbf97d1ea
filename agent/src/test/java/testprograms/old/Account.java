package testprograms.old;

/**
 * Synchronized methods of a class that tests rewrite to an old class-file version (49, 50) before
 * loading it: a transfer holds its own account's monitor and takes its partner's.
 * Plain Java 5 code (no lambdas, no string concatenation), so that it means the same in any version.
 */
public class Account {
    private Account partner;
    private int balance;

    public void setPartner(Account partner) {
        this.partner = partner;
    }

    public synchronized void transfer(int amount) {
        balance -= amount; // @outer
        partner.deposit(amount);
    }

    public synchronized void deposit(int amount) {
        balance += amount; // @inner
    }

    public synchronized int balance() {
        return balance;
    }
}
