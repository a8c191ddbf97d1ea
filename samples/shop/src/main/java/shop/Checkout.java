package shop;

/** Places an order: reserves the item, logs the order, mails a confirmation. */
public class Checkout {
    private final Inventory inventory;
    private final OrderLog log;
    private final Mailer mailer;

    public Checkout(Inventory inventory, OrderLog log, Mailer mailer) {
        this.inventory = inventory;
        this.log = log;
        this.mailer = mailer;
    }

    public boolean place(long orderId, String item, String customer) {
        if (!inventory.reserve(item)) {
            return false;
        }
        log.record(orderId, customer + ": " + item);
        mailer.send(customer, "Order " + orderId + ": " + item);
        return true;
    }
}
