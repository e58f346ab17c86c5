import type { TargetingRuleResponseDto } from './dto/targeting-rule.dto';
import type { TargetingRule } from './engine/targeting-rule';
import type { TargetingRuleEntity } from './targeting-rule.entity';

/** The engine's view of a stored rule: optional fields absent rather than null. */
export function toTargetingRule(row: TargetingRuleEntity): TargetingRule {
  const rule: TargetingRule = { id: row.id, name: row.name, enabled: row.enabled, priority: row.priority, conditions: row.conditions, action: row.action };
  if (row.fallbackAction) rule.fallbackAction = row.fallbackAction;
  if (row.requiresAdvisor) rule.requiresAdvisor = row.requiresAdvisor;
  if (row.schedule) rule.schedule = row.schedule;
  if (row.controlGroupPercent !== null) rule.controlGroupPercent = row.controlGroupPercent;
  if (row.frequency) rule.frequency = row.frequency;
  return rule;
}

export const toTargetingRuleResponse = (row: TargetingRuleEntity): TargetingRuleResponseDto => ({
  ...toTargetingRule(row),
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
