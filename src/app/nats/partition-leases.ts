// Who owns which partition, agreed through the engine: a lease per partition in a KV bucket
// whose entries expire (LEASE_TTL_MS) unless their holder renews them, taken with a KV create
// (refused while another holds it) and renewed with a compare-and-set on its revision (refused
// once another took it). NATS 2.9 has no pinned consumers, so this is the one way ownership is
// decided. The lease's create revision is its epoch, the fencing token its checkpoint writes
// carry (checkpoint.ts).
//
// Balance: every worker also keeps a heartbeat entry in a second bucket, and the owner each
// partition should have is the live worker ranking highest for it (rendezvous hashing, Thaler &
// Ravishankar 1998): adding a worker moves only the partitions it now ranks highest for, about
// 1/n of them, and losing one moves only its own. A worker hands over a partition that ranks
// another live worker higher (stop, last checkpoint, then the lease deleted), takes a free one
// that ranks itself highest, and takes any partition still free in a second round (its preferred
// worker is not taking it). A killed worker's leases expire: its partitions are taken within
// LEASE_TTL_MS + RENEW_EVERY_MS.
//
// Renewals keep a timer of their own, apart from the balancing round: a round reads every lease
// and the workers' list, and while a NATS node's loss has a bucket's leader re-elected those reads
// can wait out their 10 s timeout, longer than a lease lives. Each renewal gets a third of the
// lease's life to be answered, and one stored whose answer was lost in the election (the next
// renewal refused as "wrong last sequence", the entry still ours) is taken up again, not dropped.
import type { JetStreamManager } from '@nats-io/jetstream';
import type { KV, KvEntry } from '@nats-io/kv';
import type { Logger } from '../../log.ts';
import { createHash } from 'node:crypto';
import { LEASE_TTL_MS } from '../../adapters/nats/topology.ts';

export const RENEW_EVERY_MS = 3_000;
/** a renewal or heartbeat not answered in this long is tried again at the next renewal */
const RENEW_TIMEOUT_MS = LEASE_TTL_MS / 3;

export interface LeaseHandlers {
  /** the partition is ours from `epoch`; throw to give it back */
  acquire(partition: number, epoch: number): Promise<void>;
  /** stop it, keeping its state for the next owner; the lease is deleted after */
  release(partition: number): Promise<void>;
  /** the lease is gone (expired, taken): stop at once, write nothing */
  lost(partition: number): Promise<void>;
}

interface Held {
  epoch: number;
  revision: number;
  state: 'starting' | 'running' | 'releasing';
  /** settles when acquire() has */
  ready: Promise<void>;
}

const leaseKey = (partition: number) => `p${partition}`;

export class PartitionLeases {
  private readonly held = new Map<number, Held>();
  private readonly freeRounds = new Map<number, number>();
  private readonly seenRounds = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private renewing: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly leases: KV,
    private readonly workers: KV,
    private readonly workersBucket: string,
    readonly worker: string,
    private readonly partitions: number,
    private readonly handlers: LeaseHandlers,
    private readonly logger: Logger,
    private readonly renewEveryMs = RENEW_EVERY_MS,
  ) {}

  start(): void {
    this.renewTimer = setInterval(() => {
      this.renewing ??= this.renewAll().finally(() => (this.renewing = undefined));
    }, this.renewEveryMs);
    const next = () => {
      if (this.stopped) return;
      this.round = this.runRound().catch((error: Error) => this.logger.warn({ err: error.message }, 'lease round failed; trying again'));
      void this.round.finally(() => {
        if (!this.stopped) this.timer = setTimeout(next, this.renewEveryMs);
      });
    };
    next();
  }

  /** Partitions held and running here. */
  owned(): number[] {
    return [...this.held].filter(([, h]) => h.state === 'running').map(([p]) => p).sort((a, b) => a - b);
  }

  /** Hands every partition over and leaves. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.renewTimer);
    await this.round;
    await this.renewing;
    await Promise.all([...this.held.keys()].map((partition) => this.handOver(partition)));
    await this.workers.delete(this.worker).catch(() => {});
  }

  /** A partition was fenced off by its checkpoint: forget our lease of it. */
  forget(partition: number): void {
    this.held.delete(partition);
  }

  /** The worker's heartbeat, then every lease held, all at once: a lease never waits behind the others. */
  private async renewAll(): Promise<void> {
    // the heartbeat before the leases, so that a dead worker's heartbeat expires before its
    // leases do and the others, seeing a lease free, no longer rank it
    await this.heartbeat().catch((error: Error) => this.logger.warn({ err: error.message }, 'worker heartbeat not stored; renewing the leases anyway'));
    await Promise.all([...this.held].map(([partition, held]) => this.renew(partition, held)));
  }

  private heartbeat(): Promise<number> {
    return this.workers.put(this.worker, JSON.stringify({ worker: this.worker, partitions: this.held.size, atMs: Date.now() }), { timeout: RENEW_TIMEOUT_MS });
  }

  private async runRound(): Promise<void> {
    const startedMs = Date.now();
    // the first round: known to the others before taking anything
    if (this.seenRounds.size === 0) await this.heartbeat();
    const members = await liveWorkers(this.jsm, this.workers, this.workersBucket);
    // this worker is live whatever the list says (its heartbeat may be waiting on an election)
    if (!members.includes(this.worker)) members.push(this.worker);
    for (const m of this.seenRounds.keys()) if (!members.includes(m)) this.seenRounds.delete(m);
    for (const m of members) this.seenRounds.set(m, (this.seenRounds.get(m) ?? 0) + 1);
    // a worker counts for balancing once it has been seen twice: it is up, not a blip
    const settled = members.filter((m) => m === this.worker || (this.seenRounds.get(m) ?? 0) >= 2);
    const entries = await Promise.all(Array.from({ length: this.partitions }, (_, p) => (this.held.has(p) ? Promise.resolve(undefined) : this.leases.get(leaseKey(p)).catch(() => undefined))));
    const taking: Promise<void>[] = [];
    for (let partition = 0; partition < this.partitions; partition++) {
      if (this.stopped) break;
      const preferred = preferredWorker(partition, settled);
      const held = this.held.get(partition);
      if (held) {
        if (held.state === 'running' && preferred !== this.worker) void this.handOver(partition);
        continue;
      }
      const entry = entries[partition];
      if (entry === undefined) continue; // could not read: next round
      const free = entry === null || entry.operation !== 'PUT';
      if (!free) {
        this.freeRounds.delete(partition);
        continue;
      }
      const rounds = (this.freeRounds.get(partition) ?? 0) + 1;
      this.freeRounds.set(partition, rounds);
      if (preferred === this.worker || rounds > 1) taking.push(this.take(partition, entry));
    }
    await Promise.all(taking);
    const tookMs = Date.now() - startedMs;
    if (tookMs > LEASE_TTL_MS / 3) this.logger.warn({ tookMs }, 'a lease round took long: is this worker short of CPU? leases live ' + LEASE_TTL_MS + ' ms');
  }

  private async take(partition: number, entry: KvEntry | null): Promise<void> {
    const value = JSON.stringify({ worker: this.worker, sinceMs: Date.now() });
    let revision: number;
    try {
      revision = entry === null ? await this.leases.create(leaseKey(partition), value) : await this.leases.update(leaseKey(partition), value, entry.revision);
    } catch {
      return; // another worker took it first
    }
    this.freeRounds.delete(partition);
    const held: Held = { epoch: revision, revision, state: 'starting', ready: Promise.resolve() };
    this.held.set(partition, held);
    held.ready = this.handlers.acquire(partition, revision).then(
      () => {
        if (held.state === 'starting') held.state = 'running';
      },
      async (error: Error) => {
        this.logger.warn({ partition, err: error.message }, 'could not take the partition; giving it back');
        if (this.held.get(partition) === held) {
          this.held.delete(partition);
          await this.leases.delete(leaseKey(partition), { previousSeq: held.revision }).catch(() => {});
        }
      },
    );
  }

  private async renew(partition: number, held: Held): Promise<void> {
    try {
      held.revision = await this.leases.update(leaseKey(partition), JSON.stringify({ worker: this.worker, sinceMs: Date.now() }), held.revision, RENEW_TIMEOUT_MS);
    } catch (error) {
      if (!/wrong last sequence/i.test((error as Error).message)) return; // no answer: try next round, the lease still has time
      // an earlier renewal stored but answered too late (a leader change): the lease is still ours
      const current = await this.leases.get(leaseKey(partition)).catch(() => undefined);
      if (current === undefined) return; // no answer: next round
      if (current?.operation === 'PUT' && current.json<{ worker: string }>().worker === this.worker && this.held.get(partition) === held) {
        held.revision = current.revision;
        return;
      }
      this.logger.warn({ partition }, 'partition lease lost (expired or taken): stopping it here');
      this.held.delete(partition);
      // not awaited: stopping the partition must never hold up the renewal of the others
      void this.handlers.lost(partition).catch((e: Error) => this.logger.warn({ partition, err: e.message }, 'stopping a lost partition failed'));
    }
  }

  private async handOver(partition: number): Promise<void> {
    const held = this.held.get(partition);
    if (!held || held.state === 'releasing') return;
    held.state = 'releasing';
    try {
      await held.ready;
      if (this.held.get(partition) === held) await this.handlers.release(partition);
    } finally {
      this.held.delete(partition);
      await this.leases.delete(leaseKey(partition), { previousSeq: held.revision }).catch(() => {});
    }
  }
}

/**
 * The workers with a live heartbeat. Not kv.keys(): that creates a consumer, and NATS 2.9 may
 * place it on a node that is down (seen: one listing in two timing out for a minute after a node
 * was killed); the stream's subjects come from its leader, each entry from a direct get.
 */
export async function liveWorkers(jsm: JetStreamManager, kv: KV, bucket: string): Promise<string[]> {
  const prefix = `$KV.${bucket}.`;
  const info = await jsm.streams.info(`KV_${bucket}`, { subjects_filter: `${prefix}>` });
  const names = Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(prefix.length));
  const entries = await Promise.all(names.map((name) => kv.get(name).catch(() => null)));
  return names.filter((_, i) => entries[i]?.operation === 'PUT');
}

/**
 * A worker's rendezvous score for a partition: the first 48 bits of SHA-256 of "worker/partition".
 * Not FNV-1a (the subject mapping's hash): its last bytes mix poorly, so worker names that differ
 * in one character (bench-rate-0/1/2, add-1/add-2) got scores ranked alike across partitions,
 * 45 + 19 + 0 of 64 partitions. Scores are computed once a lease round per partition and worker,
 * so a cryptographic hash costs nothing that matters.
 */
export function rendezvousScore(worker: string, partition: number): number {
  return createHash('sha256').update(`${worker}/${partition}`).digest().readUIntBE(0, 6);
}

/** The live worker ranking highest for the partition (rendezvous hashing). */
export function preferredWorker(partition: number, workers: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const worker of workers) {
    const score = rendezvousScore(worker, partition);
    if (score > bestScore || (score === bestScore && worker < best!)) {
      best = worker;
      bestScore = score;
    }
  }
  return best;
}
