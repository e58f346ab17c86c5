import { GroupEditor } from './condition-editor';
import type { FieldErrors } from './failure';
import { Field, valueOf } from './field';
import { formatDate, formatMoney } from './i18n';
import { ACTION_TYPES, type ActionType, type GroupDraft, type RuleDraft } from './rule-draft';
import type { RulesDesk } from './rules-desk';
import type { ConsoleSession } from './session';
import { useStore } from './store';

type Props = { session: ConsoleSession; desk: RulesDesk };

/** Creates or edits a rule: every field where the API's 400 can point (`details[].field`), then the preview. */
export function RuleForm({ session, desk }: Props) {
  const r = useStore(desk);
  const t = session.t;
  const d = r.draft!;
  const e = r.errors;
  const set = (patch: Partial<RuleDraft>) => desk.change({ ...d, ...patch });
  const text = (key: keyof RuleDraft, label: string, path: string, extra: Record<string, string> = {}) => (
    <Field id={`rule-${key}`} label={label} error={e[path]}>
      {(control) => <input {...control} {...extra} value={d[key] as string} onInput={(ev) => set({ [key]: valueOf(ev) })} />}
    </Field>
  );
  return (
    <form
      class="card rule-form"
      aria-labelledby="rule-form-title"
      data-console="rule-form"
      onSubmit={(ev) => {
        ev.preventDefault();
        void desk.save();
      }}
    >
      <h2 id="rule-form-title">{d.id ? `${t.edit}: ${d.name}` : t.newRule}</h2>
      <ErrorSummary errors={e} />
      <div class="grid">
        {text('name', t.name, 'name')}
        {text('priority', t.priority, 'priority', { inputMode: 'numeric' })}
        <label class="inline check">
          <input type="checkbox" checked={d.enabled} onChange={(ev) => set({ enabled: (ev.target as HTMLInputElement).checked })} /> {t.enabled}
        </label>
      </div>
      <h3>{t.conditions}</h3>
      <GroupEditor t={t} errors={e} path="conditions" depth={1} group={d.conditions} onChange={(node) => node && set({ conditions: node as GroupDraft })} />
      <h3>{t.action}</h3>
      <div class="grid">
        <Field id="rule-action-type" label={t.action} error={e['action.type']}>
          {(control) => (
            <select {...control} value={d.actionType} onChange={(ev) => set({ actionType: valueOf(ev) as ActionType })}>
              {ACTION_TYPES.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          )}
        </Field>
        {d.actionType === 'chat_invitation' && text('message', t.message, 'action.message')}
        {d.actionType === 'discount_offer' && text('offerCode', t.offerCode, 'action.offer.code')}
      </div>
      <ScheduleFields session={session} desk={desk} />
      {text('controlGroupPercent', t.controlGroup, 'controlGroupPercent', { inputMode: 'decimal' })}
      <div class="row">
        <button type="submit" class="primary">
          {t.save}
        </button>
        <button type="button" onClick={() => desk.cancel()}>
          {t.cancel}
        </button>
      </div>
      <PreviewPanel session={session} desk={desk} />
    </form>
  );
}

/** Every error of the last answer, by path: also those of a field the form does not show (a kept `not` group). */
function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <ul class="error" data-console="rule-errors">
      {entries.map(([path, reason]) => (
        <li key={path}>
          <code>{path || '—'}</code> {reason}
        </li>
      ))}
    </ul>
  );
}

function ScheduleFields({ session, desk }: Props) {
  const r = useStore(desk);
  const t = session.t;
  const d = r.draft!;
  const e = r.errors;
  const set = (patch: Partial<RuleDraft>) => desk.change({ ...d, ...patch });
  const toggleDay = (day: number) => set({ days: d.days.includes(day) ? d.days.filter((x) => x !== day) : [...d.days, day] });
  return (
    <fieldset class="schedule">
      <legend>{t.schedule}</legend>
      <div class="grid">
        <Field id="rule-schedule-from" label={t.scheduleFrom} error={e['schedule.from']}>
          {(control) => <input {...control} type="date" value={d.scheduleFrom} onInput={(ev) => set({ scheduleFrom: valueOf(ev) })} />}
        </Field>
        <Field id="rule-schedule-to" label={t.scheduleTo} error={e['schedule.to']}>
          {(control) => <input {...control} type="date" value={d.scheduleTo} onInput={(ev) => set({ scheduleTo: valueOf(ev) })} />}
        </Field>
        <Field id="rule-hours-from" label={t.hoursFrom} error={e['schedule.hours.from']}>
          {(control) => <input {...control} value={d.hoursFrom} placeholder="09:00" onInput={(ev) => set({ hoursFrom: valueOf(ev) })} />}
        </Field>
        <Field id="rule-hours-to" label={t.hoursTo} error={e['schedule.hours.to']}>
          {(control) => <input {...control} value={d.hoursTo} placeholder="18:00" onInput={(ev) => set({ hoursTo: valueOf(ev) })} />}
        </Field>
      </div>
      <fieldset class="days">
        <legend>{t.days}</legend>
        {t.dayNames.map((name, i) => (
          <label key={name} class="inline">
            <input type="checkbox" checked={d.days.includes(i + 1)} onChange={() => toggleDay(i + 1)} /> {name}
          </label>
        ))}
      </fieldset>
    </fieldset>
  );
}

function PreviewPanel({ session, desk }: Props) {
  const r = useStore(desk);
  const t = session.t;
  const locale = session.state.locale;
  const p = r.preview;
  return (
    <section class="preview" aria-labelledby="preview-title">
      <h3 id="preview-title">{t.preview}</h3>
      <div class="row">
        <label class="inline">
          {t.previewVisits}{' '}
          <select value={String(r.previewVisits)} onChange={(ev) => desk.set({ previewVisits: Number(valueOf(ev)) })}>
            {[50, 200, 500, 1000].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void desk.preview()}>
          {t.runPreview}
        </button>
      </div>
      {p && (
        <>
          <p role="status" data-console="preview-count">
            {t.previewResult(p.matched, p.evaluated)}
          </p>
          <ul class="results" data-console="preview-sample">
            {p.sample.map((v) => (
              <li key={v.visitId}>
                <span class="when">{formatDate(v.lastEventAt, locale)}</span> {v.currentUrl} · {t.cart} {formatMoney(v.cartValue, locale)}
                {v.identified && ` · ${t.identified}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
