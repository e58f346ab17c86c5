import type { Texts } from './i18n';

/**
 * Offered only when a request's typed e-mail or phone matches a profile it is not linked to: the advisor checks with
 * the person first (the API shows no profile data until then), and the link is audited.
 */
export function LinkProfileButton({ t, handoff, link }: { t: Texts; handoff: { contactMatchesProfile: boolean }; link: () => Promise<unknown> }) {
  if (!handoff.contactMatchesProfile) return null;
  return (
    <p class="row">
      <span class="meta">{t.linkHint}</span>
      <button type="button" onClick={() => void link()}>
        {t.linkProfile}
      </button>
    </p>
  );
}
