import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RuleEvaluation } from '../engine/decision-engine';
import type { CompiledRule } from '../engine/rule-compiler';

interface Tally {
  day: string;
  ruleId: string;
  actionType: string;
  evaluated: number;
  matched: number;
}

/** One day's counts for one compiled rule list, by position in the list: a decision adds to them without a lookup. */
interface RuleListTally {
  day: string;
  rules: readonly CompiledRule[];
  evaluated: Uint32Array;
  matched: Uint32Array;
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
  /** By rule id, for the next write. Usually one tally per rule. */
  private pending = new Map<string, Tally[]>();
  /** Where decisions are counted until the next write; the rule list changes with the rules (see `TargetingRulesService.compiled`). */
  private lists: RuleListTally[] = [];
  private current: RuleListTally | undefined;
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

  /**
   * Counts one decision over `rules` (its `evaluations`, one per rule in order): each rule evaluated, unless
   * disabled or out of its schedule, and each rule matched.
   */
  countDecision(day: string, rules: readonly CompiledRule[], evaluations: readonly RuleEvaluation[]): void {
    let list = this.current;
    if (!list || list.day !== day || list.rules !== rules) list = this.current = this.listFor(day, rules);
    for (let i = 0; i < evaluations.length; i++) {
      const { outcome, matched } = evaluations[i];
      if (outcome === 'disabled' || outcome === 'inactive_schedule') continue;
      list.evaluated[i] += 1;
      if (matched) list.matched[i] += 1;
    }
  }

  /** Writes what this instance counted so far; reports call it first so they include the latest batches. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => undefined).then(() => this.write());
    return this.flushing;
  }

  private listFor(day: string, rules: readonly CompiledRule[]): RuleListTally {
    let list = this.lists.find((l) => l.day === day && l.rules === rules);
    if (!list) this.lists.push((list = { day, rules, evaluated: new Uint32Array(rules.length), matched: new Uint32Array(rules.length) }));
    return list;
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
    for (const { day, rules, evaluated, matched } of this.lists) {
      rules.forEach((r, i) => evaluated[i] && this.add(day, r.id, r.rule.action.type, evaluated[i], matched[i]));
    }
    this.lists = [];
    this.current = undefined;
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
