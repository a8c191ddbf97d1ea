package realprograms;

import org.apache.commons.beanutils.WrapDynaBean;
import org.apache.commons.beanutils.WrapDynaClass;
import realprograms.turns.Turns;

/**
 * commons-beanutils 1.9.4: two threads wrap beans of one class. {@code WrapDynaClass.createDynaClass}
 * gets the class's DynaClass from a WeakHashMap and, on a miss, builds it and puts it, with no lock
 * across both (fixed upstream by BEANUTILS-509's synchronized cache). Thread one wraps first; the
 * second waits for its turn (through {@link Turns}, which racewatch does not see) and finds the
 * DynaClass. Prints what both wrapped beans read, and whether they share one DynaClass.
 */
public final class BeanutilsDynaClasses {
    /** A plain bean. */
    public static final class Account {
        private String owner = "ada";
        private int balance = 42;

        public String getOwner() {
            return owner;
        }

        public void setOwner(String owner) {
            this.owner = owner;
        }

        public int getBalance() {
            return balance;
        }

        public void setBalance(int balance) {
            this.balance = balance;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Turns firstDone = new Turns();
        WrapDynaClass[] classes = new WrapDynaClass[2];
        Object[] read = new Object[4];
        Thread first = new Thread(() -> {
            WrapDynaBean bean = new WrapDynaBean(new Account());
            classes[0] = (WrapDynaClass) bean.getDynaClass();
            read[0] = bean.get("owner");
            read[1] = bean.get("balance");
            firstDone.pass();
        }, "wrapper-1");
        Thread second = new Thread(() -> {
            firstDone.await();
            WrapDynaBean bean = new WrapDynaBean(new Account());
            classes[1] = (WrapDynaClass) bean.getDynaClass();
            read[2] = bean.get("owner");
            read[3] = bean.get("balance");
        }, "wrapper-2");
        first.start();
        second.start();
        first.join();
        second.join();
        System.out.println("first read " + read[0] + " " + read[1]);
        System.out.println("second read " + read[2] + " " + read[3]);
        System.out.println("one DynaClass " + (classes[0] == classes[1]));
    }
}
