// A targeting rule as the console's form holds it (every value as typed), and its conversion to and from the API's
// body. The fact and operator lists are the engine's own, so the form offers exactly what the API accepts; values are
// checked by the API, whose 400 names the path of each bad field (`conditions.all[0].value`).
import { ACTION_TYPES, OPERATORS_BY_TYPE, type ActionType, type Condition, type Operator } from '../../src/targeting/engine/targeting-rule';
import { FACT_TYPES, type FactName } from '../../src/targeting/engine/visit-facts';

export const FACTS = Object.keys(FACT_TYPES) as FactName[];
export { ACTION_TYPES, type ActionType, type Operator };
export const operatorsFor = (fact: FactName): Operator[] => [...OPERATORS_BY_TYPE[FACT_TYPES[fact]]];
export const isList = (op: Operator) => op === 'in' || op === 'notIn';
export const factType = (fact: FactName) => FACT_TYPES[fact];

export interface LeafDraft {
  kind: 'leaf';
  fact: FactName;
  operator: Operator;
  value: string;
}
export interface GroupDraft {
  kind: 'group';
  match: 'all' | 'any';
  children: NodeDraft[];
}
/** A `not` group: the form does not edit it, it keeps it as it is. */
export interface KeptDraft {
  kind: 'kept';
  condition: Condition;
}
export type NodeDraft = LeafDraft | GroupDraft | KeptDraft;

export interface RuleDraft {
  id?: string;
  name: string;
  enabled: boolean;
  priority: string;
  conditions: GroupDraft;
  actionType: ActionType;
  message: string;
  offerCode: string;
  scheduleFrom: string;
  scheduleTo: string;
  days: number[];
  hoursFrom: string;
  hoursTo: string;
  controlGroupPercent: string;
}

/** A rule as the API returns it. */
export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  priority: number;
  conditions: Condition;
  action: { type: ActionType; message?: string; offer?: { code?: string } };
  schedule?: { from?: string; to?: string; daysOfWeek?: number[]; hours?: { from: string; to: string } };
  controlGroupPercent?: number;
}

export const newLeaf = (): LeafDraft => ({ kind: 'leaf', fact: 'cart.value', operator: 'greaterThan', value: '' });

export const emptyDraft = (): RuleDraft => ({
  name: '',
  enabled: true,
  priority: '0',
  conditions: { kind: 'group', match: 'all', children: [newLeaf()] },
  actionType: 'chat_invitation',
  message: '',
  offerCode: '',
  scheduleFrom: '',
  scheduleTo: '',
  days: [],
  hoursFrom: '',
  hoursTo: '',
  controlGroupPercent: '',
});

/** A typed value as the API wants it: numbers and booleans as such, lists split on commas. Anything unparsable is sent as typed, for the API to name. */
function parseValue(leaf: LeafDraft): unknown {
  const type = FACT_TYPES[leaf.fact];
  const one = (text: string): unknown => {
    const trimmed = text.trim();
    if (type === 'number') return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
    if (type === 'boolean') return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
    return trimmed;
  };
  return isList(leaf.operator) ? leaf.value.split(',').filter((v) => v.trim() !== '').map(one) : one(leaf.value);
}

function toCondition(node: NodeDraft): Condition {
  if (node.kind === 'kept') return node.condition;
  if (node.kind === 'leaf') return { fact: node.fact, operator: node.operator, value: parseValue(node) } as Condition;
  const children = node.children.map(toCondition);
  return node.match === 'all' ? { all: children } : { any: children };
}

function fromCondition(condition: Condition): NodeDraft {
  if ('fact' in condition) return { kind: 'leaf', fact: condition.fact, operator: condition.operator, value: Array.isArray(condition.value) ? condition.value.join(', ') : String(condition.value) };
  if ('not' in condition) return { kind: 'kept', condition };
  return 'all' in condition ? { kind: 'group', match: 'all', children: condition.all.map(fromCondition) } : { kind: 'group', match: 'any', children: condition.any.map(fromCondition) };
}

const numberOrText = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/** The API body; empty optional fields are left out on create and cleared (null) on edit. */
export function toBody(d: RuleDraft): Record<string, unknown> {
  const clear = d.id ? null : undefined;
  const schedule = {
    ...(d.scheduleFrom && { from: d.scheduleFrom }),
    ...(d.scheduleTo && { to: d.scheduleTo }),
    ...(d.days.length > 0 && { daysOfWeek: [...d.days].sort() }),
    ...((d.hoursFrom || d.hoursTo) && { hours: { from: d.hoursFrom, to: d.hoursTo } }),
  };
  const action = { type: d.actionType, ...(d.actionType === 'chat_invitation' && { message: d.message }), ...(d.actionType === 'discount_offer' && { offer: { code: d.offerCode } }) };
  const body: Record<string, unknown> = {
    name: d.name,
    enabled: d.enabled,
    priority: numberOrText(d.priority),
    conditions: toCondition(d.conditions),
    action,
    schedule: Object.keys(schedule).length ? schedule : clear,
    controlGroupPercent: d.controlGroupPercent.trim() === '' ? clear : numberOrText(d.controlGroupPercent),
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

export function toDraft(rule: Rule): RuleDraft {
  const root = fromCondition(rule.conditions);
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    priority: String(rule.priority),
    conditions: root.kind === 'group' ? root : { kind: 'group', match: 'all', children: [root] },
    actionType: rule.action.type,
    message: rule.action.message ?? '',
    offerCode: rule.action.offer?.code ?? '',
    scheduleFrom: rule.schedule?.from ?? '',
    scheduleTo: rule.schedule?.to ?? '',
    days: rule.schedule?.daysOfWeek ?? [],
    hoursFrom: rule.schedule?.hours?.from ?? '',
    hoursTo: rule.schedule?.hours?.to ?? '',
    controlGroupPercent: rule.controlGroupPercent === undefined ? '' : String(rule.controlGroupPercent),
  };
}
