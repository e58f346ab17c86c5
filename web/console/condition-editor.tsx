import type { FieldErrors } from './failure';
import { Field, valueOf } from './field';
import type { Texts } from './i18n';
import { FACTS, factType, isList, newLeaf, operatorsFor, type GroupDraft, type LeafDraft, type NodeDraft, type Operator } from './rule-draft';

type Change = (node: NodeDraft | null) => void;
interface Props {
  t: Texts;
  errors: FieldErrors;
  /** The API's path of this node (`conditions.all[1]`): ids and errors hang on it. */
  path: string;
  depth: number;
}

const idOf = (path: string) => `rule-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** An all/any group as a fieldset: its children, each editable or removable, and buttons to add more. */
export function GroupEditor({ t, errors, path, depth, group, onChange }: Props & { group: GroupDraft; onChange: Change }) {
  const replaceChild = (i: number, next: NodeDraft | null) => {
    const children = next ? group.children.map((c, j) => (j === i ? next : c)) : group.children.filter((_, j) => j !== i);
    onChange({ ...group, children });
  };
  const groupError = errors[path] ?? errors[`${path}.${group.match}`];
  return (
    <fieldset class="group" aria-label={t.groupLabel(depth)}>
      <legend>
        <label class="inline">
          <span class="sr">{t.groupLabel(depth)}</span>
          <select value={group.match} onChange={(e) => onChange({ ...group, match: valueOf(e) as GroupDraft['match'] })}>
            <option value="all">{t.matchAll}</option>
            <option value="any">{t.matchAny}</option>
          </select>
        </label>
        {depth > 1 && (
          <button type="button" class="link" onClick={() => onChange(null)}>
            {t.remove}
          </button>
        )}
      </legend>
      {groupError && <p class="field-error">{groupError}</p>}
      <ol class="conditions">
        {group.children.map((child, i) => {
          const childPath = `${path}.${group.match}[${i}]`;
          return (
            <li key={i}>
              {child.kind === 'group' ? (
                <GroupEditor t={t} errors={errors} path={childPath} depth={depth + 1} group={child} onChange={(next) => replaceChild(i, next)} />
              ) : child.kind === 'leaf' ? (
                <LeafEditor t={t} errors={errors} path={childPath} depth={depth} leaf={child} onChange={(next) => replaceChild(i, next)} />
              ) : (
                <code>{JSON.stringify(child.condition)}</code>
              )}
            </li>
          );
        })}
      </ol>
      <div class="row">
        <button type="button" onClick={() => onChange({ ...group, children: [...group.children, newLeaf()] })}>
          {t.addCondition}
        </button>
        <button type="button" onClick={() => onChange({ ...group, children: [...group.children, { kind: 'group', match: 'any', children: [newLeaf()] }] })}>
          {t.addGroup}
        </button>
      </div>
    </fieldset>
  );
}

/** One `fact operator value` line; changing the fact keeps the operator only if it still applies. */
function LeafEditor({ t, errors, path, leaf, onChange }: Props & { leaf: LeafDraft; onChange: Change }) {
  const id = idOf(path);
  const operators = operatorsFor(leaf.fact);
  const type = factType(leaf.fact);
  return (
    <div class="leaf" data-console="condition">
      <Field id={`${id}-fact`} label={t.fact} error={errors[`${path}.fact`]}>
        {(control) => (
          <select {...control} value={leaf.fact} onChange={(e) => {
            const fact = valueOf(e) as LeafDraft['fact'];
            onChange({ ...leaf, fact, operator: operatorsFor(fact).includes(leaf.operator) ? leaf.operator : operatorsFor(fact)[0] });
          }}>
            {FACTS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-operator`} label={t.operator} error={errors[`${path}.operator`]}>
        {(control) => (
          <select {...control} value={leaf.operator} onChange={(e) => onChange({ ...leaf, operator: valueOf(e) as Operator })}>
            {operators.map((op) => (
              <option key={op} value={op}>
                {t.operators[op]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-value`} label={t.value} error={errors[`${path}.value`] ?? Object.entries(errors).find(([p]) => p.startsWith(`${path}.value[`))?.[1]} hint={isList(leaf.operator) ? t.listHint : undefined}>
        {(control) =>
          type === 'boolean' ? (
            <select {...control} value={leaf.value} onChange={(e) => onChange({ ...leaf, value: valueOf(e) })}>
              <option value="" />
              <option value="true">{t.yes}</option>
              <option value="false">{t.no}</option>
            </select>
          ) : (
            <input {...control} value={leaf.value} inputMode={type === 'number' && !isList(leaf.operator) ? 'decimal' : undefined} onInput={(e) => onChange({ ...leaf, value: valueOf(e) })} />
          )
        }
      </Field>
      <button type="button" class="link" onClick={() => onChange(null)} aria-label={`${t.remove}: ${leaf.fact}`}>
        {t.remove}
      </button>
    </div>
  );
}
