import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

interface Tally {
  day: string;
  ruleId: string;
  actionType: string;
  evaluated: number;
  matched: number;
}

const FLUSH_EVERY_MS = 5_000;

/**
 * "Evaluated" and "matched" happen for every rule on every event batch: counted in memory and added to
 * `targeting_counter` every few seconds, so hot rules do not become hot rows. A crash loses at most the last
 * few seconds of these two counts; what was shown, answered and converted is in `targeting_action` rows.
 */
@Injectable()
export class TargetingCountersService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TargetingCountersService.name);
  /** By rule id: each batch counts every rule, so no key is built per count. Usually one tally per rule. */
  private pending = new Map<string, Tally[]>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush().catch((error: unknown) => this.logger.warn({ err: error }, 'Counter flush failed')), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch((error: unknown) => this.logger.warn({ err: error }, 'Counter flush failed'));
  }

  count(day: string, ruleId: string, actionType: string, matched: boolean): void {
    this.add(day, ruleId, actionType, 1, matched ? 1 : 0);
  }

  /** Writes what this instance counted so far; reports call it first so they include the latest batches. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => undefined).then(() => this.write());
    return this.flushing;
  }

  private add(day: string, ruleId: string, actionType: string, evaluated: number, matched: number): void {
    let tallies = this.pending.get(ruleId);
    if (!tallies) {
      tallies = [];
      this.pending.set(ruleId, tallies);
    }
    let tally: Tally | undefined;
    for (const t of tallies) if (t.day === day && t.actionType === actionType) tally = t;
    if (!tally) {
      tally = { day, ruleId, actionType, evaluated: 0, matched: 0 };
      tallies.push(tally);
    }
    tally.evaluated += evaluated;
    tally.matched += matched;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const tallies = [...this.pending.values()].flat().sort((a, b) => (a.day + a.ruleId + a.actionType < b.day + b.ruleId + b.actionType ? -1 : 1));
    this.pending = new Map();
    try {
      // Sorted keys: two instances flushing at once lock rows in the same order.
      for (let i = 0; i < tallies.length; i += 500) {
        const chunk = tallies.slice(i, i + 500);
        const params: unknown[] = [];
        const values = chunk.map((t) => {
          params.push(t.day, t.ruleId, t.actionType, t.evaluated, t.matched);
          const n = params.length;
          return `($${n - 4}::date, $${n - 3}::uuid, $${n - 2}, $${n - 1}::bigint, $${n}::bigint)`;
        });
        await this.dataSource.query(
          `INSERT INTO targeting_counter (day, rule_id, action_type, evaluated, matched) VALUES ${values.join(', ')}
           ON CONFLICT (day, rule_id, action_type) DO UPDATE
             SET evaluated = targeting_counter.evaluated + excluded.evaluated, matched = targeting_counter.matched + excluded.matched`,
          params,
        );
      }
    } catch (error) {
      // Put the counts back for the next flush rather than lose them.
      for (const t of tallies) this.add(t.day, t.ruleId, t.actionType, t.evaluated, t.matched);
      throw error;
    }
  }
}
