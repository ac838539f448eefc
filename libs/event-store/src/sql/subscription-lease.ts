import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ExclusiveLease, LeaseState } from '../exclusive-turn';
import { SqlQuery } from './sql-client';

/** The table of named subscriptions' checkpoints, with the lease of an exclusive one; in every schema a log is followed from. */
export function subscriptionCheckpointsTable(schema: string): string {
  return `
    create table if not exists ${schema}.subscription_checkpoints (
      subscription_id text primary key,
      position bigint not null,
      updated_at timestamptz not null default now()
    );
    alter table ${schema}.subscription_checkpoints add column if not exists holder text;
    alter table ${schema}.subscription_checkpoints add column if not exists lease_expires_at timestamptz;
  `;
}

/** When a lease taken or renewed now ends, by the database's clock: `leaseMs` is the query parameter named. */
const leaseEnd = (leaseMs: string) => `now() + ${leaseMs} * interval '1 millisecond'`;


/**
 * Who runs a named subscription: one holder at a time across every process, so that N instances
 * of a service publish a log once. The lease lives on the subscription's checkpoint row and the
 * database's clock decides when it has expired, so the processes' clocks do not matter. A holder
 * that dies stops renewing, and another takes it over once it expires. A holder paused past its
 * lease learns it lost it at its next renewal or checkpoint, which then does not move.
 */
export class SubscriptionLease implements ExclusiveLease {
  /** Names the process in the row, for whoever looks at who holds what. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID()}`;

  constructor(
    private readonly sql: SqlQuery,
    private readonly schema: string,
    private readonly subscriptionId: string,
    readonly leaseMs: number,
  ) {}

  /** Takes the lease when it is free, expired or already this holder's. */
  async take(startPosition: number): Promise<LeaseState> {
    const table = `${this.schema}.subscription_checkpoints`;
    // One statement, so a standby's try every second is one round trip: the row taken, or else the holder's position
    // (the outer select sees the row as it was before the statement, which is the holder's when nothing was taken).
    const [row] = await this.sql.query<{ position: string | number; held: boolean }>(
      `with taken as (
         insert into ${table} (subscription_id, position, updated_at, holder, lease_expires_at)
         values ($1, $2, now(), $3, ${leaseEnd('$4')})
         on conflict (subscription_id) do update set holder = excluded.holder, lease_expires_at = excluded.lease_expires_at
         where ${table}.holder is null or ${table}.holder = excluded.holder or ${table}.lease_expires_at < now()
         returning position
       )
       select position, true as held from taken
       union all
       select position, false as held from ${table} where subscription_id = $1 and not exists (select 1 from taken)`,
      [this.subscriptionId, startPosition, this.holder, this.leaseMs],
    );
    return { held: row?.held === true, position: Number(row?.position ?? startPosition) };
  }

  /** Extends the lease; false when another holder has it now. */
  async renew(): Promise<boolean> {
    const rows = await this.sql.query(
      `update ${this.schema}.subscription_checkpoints set lease_expires_at = ${leaseEnd('$3')}
       where subscription_id = $1 and holder = $2 returning subscription_id`,
      [this.subscriptionId, this.holder, this.leaseMs],
    );
    return rows.length > 0;
  }

  /** Stores the checkpoint and extends the lease, only while holding it: false when it was lost. */
  async storeCheckpoint(position: number): Promise<boolean> {
    const rows = await this.sql.query(
      `update ${this.schema}.subscription_checkpoints set position = $3, updated_at = now(), lease_expires_at = ${leaseEnd('$4')}
       where subscription_id = $1 and holder = $2 returning subscription_id`,
      [this.subscriptionId, this.holder, position, this.leaseMs],
    );
    return rows.length > 0;
  }

  /** Hands the lease back on a graceful stop: a standby takes over at its next try instead of after the lease. */
  async release(): Promise<void> {
    await this.sql.query(`update ${this.schema}.subscription_checkpoints set holder = null, lease_expires_at = null where subscription_id = $1 and holder = $2`, [
      this.subscriptionId,
      this.holder,
    ]);
  }
}
