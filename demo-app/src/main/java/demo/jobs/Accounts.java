package demo.jobs;

/**
 * Billing and the ledger each guard their books with a lock. Billing posts a charge (billing
 * lock, then ledger lock); the nightly audit reconciles (ledger lock, then billing lock). The
 * two never overlapped in testing, so nobody saw the deadlock waiting for the day they do. The
 * fixed audit takes the locks in the same order as billing.
 */
final class Accounts {
    private final Object billingLock = new Object();
    private final Object ledgerLock = new Object();
    private final boolean fixed;
    private long billed;
    private long recorded;

    Accounts(boolean fixed) {
        this.fixed = fixed;
    }

    void charge(long cents) {
        synchronized (billingLock) {
            synchronized (ledgerLock) {
                billed += cents;
                recorded += cents;
            }
        }
    }

    boolean audit() {
        if (fixed) {
            synchronized (billingLock) {
                synchronized (ledgerLock) {
                    return billed == recorded;
                }
            }
        }
        synchronized (ledgerLock) {
            synchronized (billingLock) {
                return billed == recorded;
            }
        }
    }
}
