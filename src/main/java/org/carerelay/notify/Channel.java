package org.carerelay.notify;

import java.util.Optional;

/** Where a subscription's notifications go: one channel type. */
interface Channel {

    /** Empty when the notification was handed over; else why not (the delivery is then retried). */
    Optional<String> send(Outbox.Target target, Outbox.Notification notification);
}
