import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { conflict, notFound } from '../common/domain-error';
import { chatAvailability } from '../availability/advisor-availability';
import { AdvisorSeatsService } from '../availability/advisor-seats.service';
import { hasOpenConversation } from '../conversations/open-conversation.sql';
import { explainCondition, normalizeFacts, type ConditionExplanation } from './engine/condition-evaluator';
import { controlGroupForVisit, decide, type DecisionOutcome, type RuleEvaluation } from './engine/decision-engine';
import type { CompiledRule } from './engine/rule-compiler';
import { ActionResponse, TargetingAction } from './targeting-action.entity';
import { TargetingCountersService } from './analytics/targeting-counters.service';
import { PROACTIVE_ACTIONS, type ActionType, type RuleAction } from './engine/targeting-rule';
import { TargetingRulesService } from './targeting-rules.service';
import { TargetingSettings } from './targeting.settings';
import type { VisitFacts } from './engine/visit-facts';

/** What targeting remembers about a visit, stored with the visit and updated under its row lock. */
export interface VisitTargetingState {
  shownCounts: Record<string, number>;
  proactiveShownCount: number;
  declinedRuleIds: string[];
  dismissedRuleIds: string[];
  declinedAny: boolean;
  /** Reactive actions on screen (chat button, FAQ), by rule: returned again, same id, while their rule still matches. */
  reactive: Record<string, OnScreenAction>;
  /** Rules this visit is held out of (recorded once). */
  controlRuleIds: string[];
  /** The refusal last recorded per rule, so a refusal repeated batch after batch is recorded once. */
  recorded?: Record<string, DecisionOutcome>;
}

export const emptyTargetingState = (): VisitTargetingState => ({
  shownCounts: {},
  proactiveShownCount: 0,
  declinedRuleIds: [],
  dismissedRuleIds: [],
  declinedAny: false,
  reactive: {},
  controlRuleIds: [],
});

/** A reactive action on screen: its id, and whether it is its rule's fallback; the rest is the rule's. */
export interface OnScreenAction {
  id: string;
  fallback?: true;
}

/** An action as the widget receives it. */
export interface WidgetAction {
  id: string;
  type: ActionType;
  ruleId: string;
  message?: string;
  offer?: { code?: string; label?: string };
}

export interface VisitRef {
  visitId: string;
  siteId: string;
  visitorId: string;
}

/** What the batch query learned alongside the visit. */
export interface BatchEnvironment {
  available: (skill?: string) => boolean;
  conversationOpen: boolean;
}

/** A `targeting_action` row to insert: an action shown, or a control-group hold-out. */
export interface ActionWrite {
  id: string;
  ruleId: string;
  type: ActionType;
  proactive: boolean;
  fallback: boolean;
  control: boolean;
  message: string | null;
  offer: { code?: string; label?: string } | null;
}

export interface BatchDecision {
  actions: WidgetAction[];
  nextCheckInSeconds?: number;
  evaluations: RuleEvaluation[];
  /** The rules `evaluations` came from. */
  rules: readonly CompiledRule[];
  writes: ActionWrite[];
  /** Decisions to record, see `decisionRows`. */
  records: DecisionRecord[];
}

/** One rule's decision as it was made, with each condition's value at that moment. */
export interface DecisionRecord {
  ruleId: string;
  outcome: DecisionOutcome;
  action: ActionType | null;
  reason: string | null;
  conditions: ConditionExplanation;
}

/** Outcomes that record a decision: the rule matched and was shown, held out or refused. */
const ACTED: ReadonlySet<DecisionOutcome> = new Set(['shown', 'fallback', 'control']);
const REFUSED: ReadonlySet<DecisionOutcome> = new Set(['no_advisor', 'capped', 'outranked', 'suppressed_declined', 'suppressed_conversation']);

const dayOf = (now: Date) => now.toISOString().slice(0, 10);

function toWidget(id: string, ruleId: string, action: Pick<RuleAction, 'type' | 'message' | 'offer'>): WidgetAction {
  const widget: WidgetAction = { id, type: action.type, ruleId };
  if (action.message !== undefined) widget.message = action.message;
  if (action.offer !== undefined) widget.offer = action.offer;
  return widget;
}

// Built once per compiled rule list (it changes on a rule change or the cache TTL), not per batch.
const byIdCache = new WeakMap<readonly CompiledRule[], Map<string, CompiledRule>>();

function rulesById(rules: readonly CompiledRule[]): Map<string, CompiledRule> {
  let byId = byIdCache.get(rules);
  if (!byId) {
    byId = new Map(rules.map((r) => [r.id, r]));
    byIdCache.set(rules, byId);
  }
  return byId;
}

/**
 * Runs the pure decision engine for one visit and builds what records it (actions shown, control hold-outs,
 * visit state) as SQL the caller runs with its write of the visit; counters once that write applied.
 */
@Injectable()
export class TargetingDecisionsService {
  constructor(
    private readonly rules: TargetingRulesService,
    private readonly seats: AdvisorSeatsService,
    private readonly counters: TargetingCountersService,
    private readonly settings: TargetingSettings,
  ) {}

  /**
   * Decides for one event batch and updates `state` (shown counts, on-screen buttons, control hold-outs).
   * No database write: the caller persists `writes` with the visit, in the same statement, then calls
   * `countEvaluations` once that statement applied. `rules` come from `TargetingRulesService.compiled`.
   */
  decideForBatch(rules: readonly CompiledRule[], visit: VisitRef, facts: VisitFacts, state: VisitTargetingState, now: Date, env: BatchEnvironment): BatchDecision {
    const decision = this.run(rules, visit, facts, state, now, env, false);
    const byId = rulesById(rules);

    const writes: ActionWrite[] = [];
    const shown = decision.actions.map((a) => {
      const proactive = PROACTIVE_ACTIONS.has(a.type);
      const widget = toWidget(randomUUID(), a.ruleId, a);
      writes.push({ id: widget.id, ruleId: a.ruleId, type: a.type, proactive, fallback: a.fallback, control: false, message: a.message ?? null, offer: a.offer ?? null });
      state.shownCounts[a.ruleId] = (state.shownCounts[a.ruleId] ?? 0) + 1;
      if (proactive) state.proactiveShownCount += 1;
      else state.reactive[a.ruleId] = a.fallback ? { id: widget.id, fallback: true } : { id: widget.id };
      return widget;
    });
    for (const evaluation of decision.evaluations) {
      if (evaluation.outcome !== 'control' || state.controlRuleIds.includes(evaluation.ruleId)) continue;
      const type = evaluation.action ?? byId.get(evaluation.ruleId)!.rule.action.type;
      writes.push({ id: randomUUID(), ruleId: evaluation.ruleId, type, proactive: PROACTIVE_ACTIONS.has(type), fallback: false, control: true, message: null, offer: null });
      state.controlRuleIds.push(evaluation.ruleId);
    }

    // Buttons already on screen stay while their rule matches and, for a human, someone is there to answer.
    const stillShown: WidgetAction[] = [];
    for (const evaluation of decision.evaluations) {
      if (evaluation.outcome !== 'already_shown') continue;
      const onScreen = state.reactive[evaluation.ruleId];
      if (!onScreen) continue;
      const rule = byId.get(evaluation.ruleId)!;
      const action = onScreen.fallback ? rule.rule.fallbackAction : rule.rule.action;
      // A rule edited since into a pop-in (or without its fallback) no longer has this button.
      if (!action || PROACTIVE_ACTIONS.has(action.type)) continue;
      if (rule.needsAdvisor && !onScreen.fallback && !env.available(rule.rule.requiresAdvisor?.skill)) continue;
      stillShown.push(toWidget(onScreen.id, evaluation.ruleId, action));
    }
    const result: BatchDecision = {
      actions: [...shown, ...stillShown],
      evaluations: decision.evaluations,
      rules,
      writes,
      records: this.recordsOf(decision.evaluations, byId, facts, state),
    };
    if (decision.nextCheckInSeconds !== undefined) result.nextCheckInSeconds = decision.nextCheckInSeconds;
    return result;
  }

  /** Adds the batch's "evaluated" and "matched" counts; only for a decision whose writes were applied. */
  countEvaluations(decision: BatchDecision, now: Date): void {
    this.counters.countDecision(dayOf(now), decision.rules, decision.evaluations);
  }

  /** The `targeting_action` rows of a batch's `writes` (from `decideForBatch`), for `actionInsertSql`. */
  actionRows(visit: VisitRef, writes: ActionWrite[], now: Date): object[] {
    return writes.map((w) => ({ ...w, visitId: visit.visitId, siteId: visit.siteId, visitorId: visit.visitorId, shownAt: now }));
  }

  /**
   * INSERT of the action rows in the JSON array parameter `rowsParam`, only for visits whose id the CTE
   * member `written` returned (the visits whose update applied).
   */
  actionInsertSql(rowsParam: string, written: string): string {
    return `INSERT INTO targeting_action (id, visit_id, site_id, visitor_id, rule_id, type, proactive, fallback, control, message, offer, shown_at)
            SELECT w.id, w."visitId", w."siteId", w."visitorId", w."ruleId", w.type, w.proactive, w.fallback, w.control, w.message, w.offer, w."shownAt"
              FROM jsonb_to_recordset(${rowsParam}::jsonb) AS w(id uuid, "visitId" uuid, "siteId" uuid, "visitorId" text, "ruleId" uuid, type text,
                                                             proactive boolean, fallback boolean, control boolean, message text, offer jsonb, "shownAt" timestamptz)
              JOIN ${written} ON ${written}.id = w."visitId"
            ON CONFLICT (visit_id, rule_id) WHERE control DO NOTHING`;
  }

  /** The `targeting_decision` rows of a batch's `records`, for `decisionInsertSql`; the facts are the batch's. */
  decisionRows(visit: VisitRef, records: DecisionRecord[], facts: VisitFacts, now: Date): object[] {
    return records.map((r) => ({ ...r, visitId: visit.visitId, facts, decidedAt: now }));
  }

  /** INSERT of the decision rows in the JSON array `rowsParam`, for the visits the CTE member `written` returned. */
  decisionInsertSql(rowsParam: string, written: string): string {
    return `INSERT INTO targeting_decision (visit_id, rule_id, outcome, action, reason, facts, conditions, decided_at)
            SELECT r."visitId", r."ruleId", r.outcome, r.action, r.reason, r.facts, r.conditions, r."decidedAt"
              FROM jsonb_to_recordset(${rowsParam}::jsonb) AS r("visitId" uuid, "ruleId" uuid, outcome text, action text, reason text,
                                                             facts jsonb, conditions jsonb, "decidedAt" timestamptz)
              JOIN ${written} ON ${written}.id = r."visitId"`;
  }

  /** The conversion row of a batch holding a purchase, for `purchaseUpdateSql`. */
  purchaseRow(visit: VisitRef, now: Date): object {
    const windowStart = new Date(now.getTime() - this.settings.attributionWindowDays * 24 * 3600 * 1000);
    return { visitId: visit.visitId, siteId: visit.siteId, visitorId: visit.visitorId, at: now, windowStart };
  }

  /** The actions a purchase at `at` converted (see `purchaseUpdateSql`): in this visit, or accepted by this visitor before. */
  async convertedBy(m: EntityManager, visit: VisitRef, at: Date): Promise<{ actionId: string; ruleId: string; actionType: string; visitId: string; control: boolean }[]> {
    return m.query(
      `SELECT id AS "actionId", rule_id AS "ruleId", type AS "actionType", visit_id AS "visitId", control FROM targeting_action WHERE visit_id = $1 AND converted_at = $4
       UNION
       SELECT id, rule_id, type, visit_id, control FROM targeting_action WHERE site_id = $2 AND visitor_id = $3 AND response = 'accepted' AND converted_at = $4`,
      [visit.visitId, visit.siteId, visit.visitorId, at],
    );
  }

  /**
   * A purchase converts the actions shown (or held out) earlier in this visit, and actions this visitor
   * accepted in earlier visits within the attribution window: an UPDATE for the purchase rows in `rowsParam`,
   * only for visits whose id the CTE member `written` returned. Each of the two ways an action converts is
   * its own indexed lookup; one OR of both would read the whole table.
   */
  purchaseUpdateSql(rowsParam: string, written: string): string {
    const purchases = `SELECT y.* FROM jsonb_to_recordset(${rowsParam}::jsonb) AS y("visitId" uuid, "siteId" uuid, "visitorId" text, at timestamptz, "windowStart" timestamptz)
                        JOIN ${written} ON ${written}.id = y."visitId"`;
    return `UPDATE targeting_action t SET converted_at = m.at, updated_at = now()
              FROM (SELECT s.id, y.at FROM (${purchases}) y JOIN targeting_action s ON s.visit_id = y."visitId" AND s.shown_at <= y.at
                    UNION ALL
                    SELECT s.id, y.at FROM (${purchases}) y
                      JOIN targeting_action s ON s.site_id = y."siteId" AND s.visitor_id = y."visitorId" AND s.response = 'accepted'
                                             AND s.responded_at >= y."windowStart" AND s.shown_at <= y.at) m
             WHERE t.id = m.id AND t.converted_at IS NULL`;
  }

  /** The same decision in explain mode, recording nothing (the decisions endpoint). */
  async explain(manager: EntityManager, visit: VisitRef, facts: VisitFacts, state: VisitTargetingState, now: Date) {
    const rules = await this.rules.compiled(manager);
    const available = chatAvailability(await this.seats.seats(manager));
    const conversationOpen = await hasOpenConversation(manager, visit.visitId);
    return { decision: this.run(rules, visit, facts, state, now, { available, conversationOpen }, true), rules };
  }

  /** Records the visitor's answer; a decline or dismissal stops that rule (and, for a pop-in, proactive actions) in this visit. */
  async respond(manager: EntityManager, visitId: string, actionId: string, response: ActionResponse, state: VisitTargetingState, now: Date): Promise<TargetingAction> {
    const action = await manager.findOneBy(TargetingAction, { id: actionId, visitId, control: false });
    if (!action) throw notFound('ACTION_NOT_FOUND', `No action ${actionId} was shown in visit ${visitId}`);
    if (action.response) {
      if (action.response === response) return action;
      throw conflict('ACTION_ALREADY_ANSWERED', `This action was already ${action.response}`, { response: action.response });
    }
    action.response = response;
    action.respondedAt = now;
    await manager.update(TargetingAction, action.id, { response, respondedAt: now });
    if (response !== 'accepted') {
      const list = response === 'declined' ? state.declinedRuleIds : state.dismissedRuleIds;
      if (!list.includes(action.ruleId)) list.push(action.ruleId);
      if (action.proactive) state.declinedAny = true;
      delete state.reactive[action.ruleId];
    }
    return action;
  }

  /**
   * The decisions of a batch worth recording: every action shown or held out, and a refusal when it differs from
   * the one last recorded for its rule (a rule refused for want of an advisor is not recorded again on every batch).
   * Conditions are explained only for these few rules, off the hot path's closures.
   */
  private recordsOf(evaluations: RuleEvaluation[], byId: Map<string, CompiledRule>, facts: VisitFacts, state: VisitTargetingState): DecisionRecord[] {
    const records: DecisionRecord[] = [];
    let normalized: VisitFacts | undefined;
    for (const e of evaluations) {
      const acted = ACTED.has(e.outcome);
      if (!acted && !(REFUSED.has(e.outcome) && state.recorded?.[e.ruleId] !== e.outcome)) continue;
      if (acted) delete state.recorded?.[e.ruleId];
      else (state.recorded ??= {})[e.ruleId] = e.outcome;
      normalized ??= normalizeFacts(facts);
      const conditions = explainCondition(byId.get(e.ruleId)!.condition, normalized, facts);
      records.push({ ruleId: e.ruleId, outcome: e.outcome, action: e.action ?? null, reason: e.reason ?? null, conditions });
    }
    return records;
  }

  private run(rules: readonly CompiledRule[], visit: VisitRef, facts: VisitFacts, state: VisitTargetingState, now: Date, env: BatchEnvironment, explain: boolean) {
    return decide({
      rules,
      facts,
      now,
      // A Map: rule ids looked up in the object parsed from the row's JSON cost a string-table lookup each.
      visitState: { ...state, shownCounts: new Map(Object.entries(state.shownCounts)), conversationOpen: env.conversationOpen },
      availability: env.available,
      policy: { maxProactivePerVisit: this.settings.maxProactivePerVisit, suppressAllAfterDecline: this.settings.suppressAllAfterDecline },
      controlGroup: controlGroupForVisit(visit.visitId),
      explain,
    });
  }
}
