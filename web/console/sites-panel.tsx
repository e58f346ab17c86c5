import { useState } from 'preact/hooks';
import { Field, valueOf } from './field';
import { ListNotice } from './list-notice';
import type { ConsoleSession } from './session';
import { useApiList } from './use-api-list';

interface Site {
  id: string;
  name: string;
  siteKey: string;
  allowedOrigins: string[];
  defaultLocale: 'fr' | 'en';
}

/** Admins: each site's public key, the origins allowed to embed the widget, and its default language. */
export function SitesPanel({ session }: { session: ConsoleSession }) {
  const t = session.t;
  const list = useApiList<Site>(session, '/sites?limit=100');
  return (
    <section class="card" aria-labelledby="sites-title">
      <h2 id="sites-title">{t.sites}</h2>
      <ListNotice list={list} />
      {list.items?.map((site) => (
        <SiteForm key={site.id} session={session} site={site} save={(patch) => list.run(() => session.api.patch(`/sites/${site.id}`, patch), t.saved)} />
      ))}
    </section>
  );
}

function SiteForm({ session, site, save }: { session: ConsoleSession; site: Site; save: (patch: Partial<Site>) => Promise<boolean> }) {
  const t = session.t;
  const [origins, setOrigins] = useState(site.allowedOrigins.join('\n'));
  const [locale, setLocale] = useState(site.defaultLocale);
  return (
    <form
      class="site"
      aria-label={site.name}
      onSubmit={(e) => {
        e.preventDefault();
        void save({ allowedOrigins: origins.split('\n').map((o) => o.trim()).filter(Boolean), defaultLocale: locale });
      }}
    >
      <h3>{site.name}</h3>
      <dl>
        <dt>{t.siteKey}</dt>
        <dd>
          <code>{site.siteKey}</code>
        </dd>
      </dl>
      <Field id={`site-${site.id}-origins`} label={t.origins}>
        {(control) => <textarea {...control} rows={3} value={origins} onInput={(e) => setOrigins(valueOf(e))} />}
      </Field>
      <Field id={`site-${site.id}-locale`} label={t.defaultLocale}>
        {(control) => (
          <select {...control} value={locale} onChange={(e) => setLocale(valueOf(e) as Site['defaultLocale'])}>
            <option value="fr">Français</option>
            <option value="en">English</option>
          </select>
        )}
      </Field>
      <button type="submit">{t.save}</button>
    </form>
  );
}
