import { useEffect, useMemo } from 'preact/hooks';
import { RuleForm } from './rule-form';
import { RulesDesk } from './rules-desk';
import type { ConsoleSession } from './session';
import { useStore } from './store';

/** Supervisors: the targeting rules as a table (enabled, priority, action), and the form to create or edit one. */
export function RulesView({ session }: { session: ConsoleSession }) {
  const desk = useMemo(() => new RulesDesk(session), [session]);
  const r = useStore(desk);
  const t = session.t;
  useEffect(() => void desk.load(), [desk]);
  return (
    <div class="rules">
      <p class="notice" role="status" hidden={!r.notice}>
        {r.notice}
      </p>
      {r.draft ? (
        <RuleForm session={session} desk={desk} />
      ) : (
        <section class="card" aria-labelledby="rules-title">
          <div class="row spread">
            <h2 id="rules-title">{t.rules}</h2>
            <button type="button" class="primary" onClick={() => desk.startNew()}>
              {t.newRule}
            </button>
          </div>
          {r.rules?.length === 0 && <p class="empty">{t.noRules}</p>}
          <div class="scroll">
            <table data-console="rules">
              <thead>
                <tr>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{t.enabled}</th>
                  <th scope="col">{t.priority}</th>
                  <th scope="col">{t.action}</th>
                  <th scope="col">
                    <span class="sr">{t.edit}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.rules?.map((rule) => (
                  <tr key={rule.id}>
                    <th scope="row">{rule.name}</th>
                    <td>
                      <label class="inline">
                        <input type="checkbox" checked={rule.enabled} onChange={(e) => void desk.setEnabled(rule, (e.target as HTMLInputElement).checked)} />{' '}
                        <span class="sr">{`${rule.enabled ? t.disable : t.enable}: ${rule.name}`}</span>
                        <span aria-hidden="true">{rule.enabled ? t.enabled : t.disabled}</span>
                      </label>
                    </td>
                    <td>{rule.priority}</td>
                    <td>{rule.action.type}</td>
                    <td>
                      <button type="button" class="link" onClick={() => desk.edit(rule)} aria-label={`${t.edit}: ${rule.name}`}>
                        {t.edit}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}
