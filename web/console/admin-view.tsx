import { AdvisorsPanel } from './advisors-panel';
import { ApiKeysPanel } from './api-keys-panel';
import type { ConsoleSession } from './session';
import { SitesPanel } from './sites-panel';

/** Admins: advisors, API keys and sites, one card each. */
export function AdminView({ session }: { session: ConsoleSession }) {
  return (
    <div class="admin">
      <ApiKeysPanel session={session} />
      <AdvisorsPanel session={session} />
      <SitesPanel session={session} />
    </div>
  );
}
