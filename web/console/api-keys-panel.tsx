import { useState } from 'preact/hooks';
import { API_SCOPES, type ApiScope } from '../../src/common/auth/principal';
import { Field, valueOf } from './field';
import { formatDate } from './i18n';
import { ListNotice } from './list-notice';
import type { ConsoleSession } from './session';
import { useApiList } from './use-api-list';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  revokedAt: string | null;
}

/** Admins: integrator keys; a new key is shown once, right after it is created, and never again. */
export function ApiKeysPanel({ session }: { session: ConsoleSession }) {
  const t = session.t;
  const list = useApiList<ApiKey>(session, '/api-keys?limit=100');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    let key = '';
    if (await list.run(async () => (key = (await session.api.post<{ key: string }>('/api-keys', { name, scopes })).key))) {
      setCreated(key);
      setName('');
      setScopes([]);
    }
  };
  return (
    <section class="card" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">{t.apiKeys}</h2>
      <ListNotice list={list} />
      {created && (
        <div class="key-once" role="alert" data-console="new-key">
          <p>{t.keyOnce}</p>
          <code>{created}</code>
        </div>
      )}
      <form onSubmit={(e) => void create(e)} aria-label={t.newKey}>
        <Field id="api-key-name" label={t.name}>
          {(control) => <input {...control} required value={name} onInput={(e) => setName(valueOf(e))} />}
        </Field>
        <fieldset class="days">
          <legend>{t.scopes}</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} class="inline">
              <input type="checkbox" checked={scopes.includes(scope)} onChange={() => setScopes(scopes.includes(scope) ? scopes.filter((s) => s !== scope) : [...scopes, scope])} /> {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary">
          {t.create}
        </button>
      </form>
      <ul class="results" data-console="api-keys">
        {list.items?.map((k) => (
          <li key={k.id}>
            <strong>{k.name}</strong> <code>{k.prefix}…</code> · {k.scopes.join(', ')} · <span class="when">{formatDate(k.createdAt, session.state.locale)}</span>{' '}
            {k.revokedAt ? (
              <span class="tag">{t.revoked}</span>
            ) : (
              <button type="button" class="link" onClick={() => void list.run(() => session.api.delete(`/api-keys/${k.id}`))} aria-label={`${t.revoke}: ${k.name}`}>
                {t.revoke}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
