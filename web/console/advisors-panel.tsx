import { useState } from 'preact/hooks';
import { Field, valueOf } from './field';
import { ListNotice } from './list-notice';
import type { ConsoleSession } from './session';
import type { Role } from './types';
import { useApiList } from './use-api-list';

interface AdvisorAccount {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  skills: string[];
  languages: string[];
  storeId: string | null;
  maxConcurrentChats: number;
  disabled: boolean;
}

const ROLES: Role[] = ['admin', 'supervisor', 'chat_advisor', 'phone_advisor', 'store_advisor'];
const splitList = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** Admins: advisor accounts, a form to create one, and each one's roles, skills, languages, store and capacity. */
export function AdvisorsPanel({ session }: { session: ConsoleSession }) {
  const t = session.t;
  const list = useApiList<AdvisorAccount>(session, '/advisors?limit=100');
  const [editing, setEditing] = useState<AdvisorAccount | 'new' | null>(null);
  return (
    <section class="card" aria-labelledby="advisors-title">
      <div class="row spread">
        <h2 id="advisors-title">{t.advisors}</h2>
        <button type="button" onClick={() => setEditing('new')}>
          {t.newAdvisor}
        </button>
      </div>
      <ListNotice list={list} />
      {editing && (
        <AdvisorForm
          session={session}
          advisor={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
          save={(body) => list.run(() => (editing === 'new' ? session.api.post('/advisors', body) : session.api.patch(`/advisors/${editing.id}`, body)), t.saved)}
        />
      )}
      <ul class="results" data-console="advisors">
        {list.items?.map((a) => (
          <li key={a.id}>
            <strong>{a.name}</strong> {a.email} · {a.roles.join(', ')}
            {a.disabled && <span class="tag">{t.deactivated}</span>}{' '}
            <button type="button" class="link" onClick={() => setEditing(a)} aria-label={`${t.edit}: ${a.name}`}>
              {t.edit}
            </button>{' '}
            {a.id !== session.state.advisor?.id && (
              <button type="button" class="link" onClick={() => void list.run(() => session.api.patch(`/advisors/${a.id}`, { disabled: !a.disabled }), t.saved)} aria-label={`${a.disabled ? t.reactivate : t.deactivate}: ${a.name}`}>
                {a.disabled ? t.reactivate : t.deactivate}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AdvisorForm({ session, advisor, save, onDone }: { session: ConsoleSession; advisor: AdvisorAccount | null; save: (body: object) => Promise<boolean>; onDone: () => void }) {
  const t = session.t;
  const [f, setF] = useState({
    email: advisor?.email ?? '',
    name: advisor?.name ?? '',
    password: '',
    roles: advisor?.roles ?? [],
    skills: advisor?.skills.join(', ') ?? '',
    languages: advisor?.languages.join(', ') ?? 'fr',
    storeId: advisor?.storeId ?? '',
    capacity: String(advisor?.maxConcurrentChats ?? 3),
  });
  const input = (key: 'email' | 'name' | 'password' | 'skills' | 'languages' | 'storeId' | 'capacity', label: string, type: 'text' | 'email' | 'password' | 'number' = 'text') => (
    <Field id={`advisor-${key}`} label={label}>
      {(control) => <input {...control} type={type as 'text'} value={f[key]} onInput={(e) => setF({ ...f, [key]: valueOf(e) })} />}
    </Field>
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      ...(!advisor && { email: f.email, password: f.password }),
      ...(advisor && f.password && { password: f.password }),
      name: f.name,
      roles: f.roles,
      skills: splitList(f.skills),
      languages: splitList(f.languages),
      ...(f.storeId.trim() && { storeId: f.storeId.trim() }),
      maxConcurrentChats: Number(f.capacity),
    };
    if (await save(body)) onDone();
  };
  return (
    <form class="advisor-form" aria-label={advisor ? `${t.edit}: ${advisor.name}` : t.newAdvisor} onSubmit={(e) => void submit(e)}>
      {!advisor && input('email', t.email, 'email')}
      {input('name', t.name)}
      {input('password', t.password, 'password')}
      <fieldset class="days">
        <legend>{t.roles}</legend>
        {ROLES.map((role) => (
          <label key={role} class="inline">
            <input type="checkbox" checked={f.roles.includes(role)} onChange={() => setF({ ...f, roles: f.roles.includes(role) ? f.roles.filter((r) => r !== role) : [...f.roles, role] })} /> {role}
          </label>
        ))}
      </fieldset>
      {input('skills', t.skills)}
      {input('languages', t.languages)}
      {input('storeId', t.storeId)}
      {input('capacity', t.capacity, 'number')}
      <div class="row">
        <button type="submit" class="primary">
          {advisor ? t.save : t.create}
        </button>
        <button type="button" onClick={onDone}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
