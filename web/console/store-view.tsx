import { useState } from 'preact/hooks';
import { valueOf } from './field';
import { formatTime } from './i18n';
import { LinkProfileButton } from './link-profile-button';
import { ListNotice } from './list-notice';
import type { ConsoleSession } from './session';
import { useApiList, type ApiList } from './use-api-list';

interface Handoff {
  customer: { id: string; name: string | null } | null;
  contactMatchesProfile: boolean;
}
interface Appointment {
  id: string;
  slotStart: string;
  status: string;
  email: string | null;
  phone: string | null;
  skill: string | null;
  handoff: Handoff;
}
interface StoreRequest {
  id: string;
  status: 'new' | 'taken' | 'contacted' | 'done' | 'cancelled';
  name: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  advisorId: string | null;
  handoff: Handoff;
}

type Props = { session: ConsoleSession };
const today = () => new Date().toLocaleDateString('sv-SE'); // YYYY-MM-DD in the advisor's own zone

/** Store advisors: the day's appointments at their store, and the store's contact requests to take through to done. */
export function StoreView({ session }: Props) {
  return (
    <div class="desk wide">
      <Appointments session={session} />
      <StoreRequests session={session} />
    </div>
  );
}

function Appointments({ session }: Props) {
  const t = session.t;
  const [day, setDay] = useState(today());
  const list = useApiList<Appointment>(session, '/appointments?limit=100');
  const ofDay = (list.items ?? []).filter((a) => new Date(a.slotStart).toLocaleDateString('sv-SE') === day).sort((a, b) => a.slotStart.localeCompare(b.slotStart));
  return (
    <section class="card" aria-labelledby="appointments-title">
      <h2 id="appointments-title">{t.appointments}</h2>
      <label for="appointments-day">{t.day}</label>
      <input id="appointments-day" type="date" value={day} onInput={(e) => setDay(valueOf(e))} />
      <ListNotice list={list} />
      {list.items && ofDay.length === 0 && <p class="empty">{t.noAppointments}</p>}
      <ol class="callbacks" data-console="appointments">
        {ofDay.map((a) => (
          <li key={a.id} data-console="appointment">
            <strong>{formatTime(a.slotStart, session.state.locale)}</strong> · {a.handoff.customer?.name ?? a.email ?? a.phone ?? t.unknownCustomer} <span class="tag">{t.statuses[a.status] ?? a.status}</span>
            {a.skill && <span class="meta"> · {a.skill}</span>}
            <LinkProfileButton t={t} handoff={a.handoff} link={() => linkProfile(session, list, 'appointments', a.id)} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function StoreRequests({ session }: Props) {
  const t = session.t;
  const list = useApiList<StoreRequest>(session, '/store-requests?limit=100');
  const open = (list.items ?? []).filter((r) => r.status !== 'done' && r.status !== 'cancelled');
  return (
    <section class="card" aria-labelledby="store-requests-title">
      <h2 id="store-requests-title">{t.storeRequests}</h2>
      <ListNotice list={list} />
      {list.items && open.length === 0 && <p class="empty">{t.noStoreRequests}</p>}
      <ol class="callbacks" data-console="store-requests">
        {open.map((r) => (
          <StoreRequestItem key={r.id} session={session} list={list} request={r} />
        ))}
      </ol>
    </section>
  );
}

function StoreRequestItem({ session, list, request: r }: Props & { list: ApiList<StoreRequest>; request: StoreRequest }) {
  const t = session.t;
  const [note, setNote] = useState('');
  const who = r.handoff.customer?.name ?? r.name ?? t.unknownCustomer;
  const mine = (r.status === 'taken' || r.status === 'contacted') && r.advisorId === session.state.advisor?.id;
  const move = (step: 'contacted' | 'done' | 'cancel') => void list.run(() => session.api.post(`/store-requests/${r.id}/${step}`, note.trim() ? { note } : {}));
  return (
    <li data-console="store-request">
      <strong>{who}</strong> · {[r.phone, r.email].filter(Boolean).join(' · ')} <span class="tag">{t.statuses[r.status]}</span>
      {r.note && <p class="meta">{r.note}</p>}
      {r.status === 'new' && (
        <button type="button" onClick={() => void list.run(() => session.api.post(`/store-requests/${r.id}/take`))} aria-label={`${t.take}: ${who}`}>
          {t.take}
        </button>
      )}
      {mine && (
        <form
          class="compose"
          onSubmit={(e) => {
            e.preventDefault();
            move('done');
          }}
        >
          <label class="sr" for={`close-${r.id}`}>
            {t.closeNote}
          </label>
          <input id={`close-${r.id}`} value={note} placeholder={t.closeNote} onInput={(e) => setNote(valueOf(e))} />
          {r.status === 'taken' && (
            <button type="button" onClick={() => move('contacted')}>
              {t.markContacted}
            </button>
          )}
          <button type="submit">{t.markDone}</button>
          <button type="button" onClick={() => move('cancel')}>
            {t.cancelRequest}
          </button>
        </form>
      )}
      <LinkProfileButton t={t} handoff={r.handoff} link={() => linkProfile(session, list, 'store-requests', r.id)} />
    </li>
  );
}

/** Links a request whose typed contact matches a profile (the API's `contactMatchesProfile`), then reloads the list. */
function linkProfile<T>(session: ConsoleSession, list: ApiList<T>, kind: 'appointments' | 'store-requests', id: string) {
  return list.run(() => session.api.post(`/${kind}/${id}/link-profile`), session.t.linked);
}
