/**
 * A shard as a supervisor child: starting it returns at once and takes the shard's lease in the
 * background (it may have to wait for a dead owner's lease to expire), so a supervisor can start
 * many shards in order without one waiting lease blocking the rest. `done` rejects when taking
 * the shard fails or the owner crashes (e.g. fenced), so the supervisor restarts it with backoff.
 * @module
 */
import type { Child } from "../../supervisor/mod.ts";
import { ShardOwner, type ShardOwnerDeps } from "./shard_owner.ts";

/** A running (or acquiring) shard. */
export class ShardChild implements Child {
  readonly shard: number;
  readonly done: Promise<void>;
  readonly #abort = new AbortController();
  #owner: ShardOwner | undefined;
  readonly #started: Promise<ShardOwner | undefined>;
  #waiting = false;

  constructor(deps: ShardOwnerDeps, shard: number) {
    this.shard = shard;
    const onWaiting = () => void (this.#waiting = true);
    this.#started = ShardOwner.start(deps, shard, { signal: this.#abort.signal, onWaiting }).then(
      (o) => (this.#owner = o),
      (err) => {
        if (this.#abort.signal.aborted) return undefined;
        throw err;
      },
    );
    this.done = this.#started.then((o) => o?.done);
  }

  /** True when another live node holds the lease and this child waits for it (a standby). */
  get waiting(): boolean {
    return this.#waiting && !this.#owner;
  }

  /** The owner once the lease is held. */
  get owner(): ShardOwner | undefined {
    return this.#owner;
  }

  /** Resolves when the shard is owned and consuming (or undefined when stopped before). */
  ready(): Promise<ShardOwner | undefined> {
    return this.#started;
  }

  async stop(reason?: string): Promise<void> {
    this.#abort.abort();
    const owner = await this.#started.catch(() => undefined);
    await owner?.stop(reason);
  }
}
