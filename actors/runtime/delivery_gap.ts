/**
 * A consumer's deliveries must reach its owner without gaps. The owner acknowledges with ack
 * policy "all": acking a later message acknowledges every earlier one, so a delivery lost in
 * transit (a reconnect, a slow-consumer disconnect) would be acknowledged without ever being
 * applied. Each epoch consumer has exactly one client, so its delivery sequence (the consumer
 * sequence, redeliveries included) rises by one per message this client receives; a jump means
 * messages were lost on the way, and the owner restarts so a fresh consumer redelivers from the
 * ack floor (what was applied is skipped by sequence).
 * @module
 */
import { UnavailableError } from "./errors.ts";

/** Tracks one consumer's delivery sequence; {@link DeliveryGapCheck.next} throws on a gap. */
export class DeliveryGapCheck {
  readonly #what: string;
  #last = 0;

  /** `what` names the consumer in the error, e.g. `shard 3's mailbox consumer`. */
  constructor(what: string) {
    this.#what = what;
  }

  /**
   * Takes the delivery sequence of the next message received.
   * @throws UnavailableError when deliveries between the last one and this one never arrived.
   */
  next(deliverySequence: number): void {
    if (this.#last !== 0 && deliverySequence !== this.#last + 1) {
      throw new UnavailableError(
        `${this.#what}: deliveries ${this.#last + 1}..${deliverySequence - 1} never arrived (lost in transit); restarting so they are delivered again before anything after them is acknowledged`,
      );
    }
    this.#last = deliverySequence;
  }
}
