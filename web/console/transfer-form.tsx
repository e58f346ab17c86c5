import { useState } from 'preact/hooks';
import type { Chat, ChatDesk } from './chat-desk';
import type { ConsoleSession } from './session';
import { useStore } from './store';

/** Hands the chat to a colleague (directly, or to the queue when they cannot take it) or to a skill's queue, with a note. */
export function TransferForm({ session, desk, chat, onDone }: { session: ConsoleSession; desk: ChatDesk; chat: Chat; onDone: () => void }) {
  const t = session.t;
  const d = useStore(desk);
  const colleagues = d.advisors.filter((a) => a.id !== session.state.advisor?.id);
  const [kind, setKind] = useState<'advisor' | 'skill'>('advisor');
  const [advisorId, setAdvisorId] = useState(colleagues[0]?.id ?? '');
  const [skill, setSkill] = useState('');
  const [note, setNote] = useState('');
  const id = (name: string) => `${name}-${chat.id}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    const to = kind === 'advisor' ? { advisorId } : { skill: skill.trim() };
    if (await desk.transfer(chat.id, to, note.trim())) onDone();
  };
  return (
    <form class="transfer" onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{t.transferTo}</legend>
        <label>
          <input type="radio" name={id('kind')} checked={kind === 'advisor'} onChange={() => setKind('advisor')} /> {t.colleague}
        </label>
        <label>
          <input type="radio" name={id('kind')} checked={kind === 'skill'} onChange={() => setKind('skill')} /> {t.skill}
        </label>
      </fieldset>
      {kind === 'advisor' ? (
        <>
          <label for={id('advisor')}>{t.pickColleague}</label>
          <select id={id('advisor')} value={advisorId} onChange={(e) => setAdvisorId((e.target as HTMLSelectElement).value)} required>
            {colleagues.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} · {t[a.presence]} · {a.activeChats}/{a.capacity}
              </option>
            ))}
          </select>
        </>
      ) : (
        <>
          <label for={id('skill')}>{t.pickSkill}</label>
          <input id={id('skill')} value={skill} pattern="[a-z][a-z0-9_]*" required placeholder="after_sales" onInput={(e) => setSkill((e.target as HTMLInputElement).value)} />
        </>
      )}
      <label for={id('note')}>{t.note}</label>
      <textarea id={id('note')} rows={2} required value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      <div class="row">
        <button type="submit" class="primary">
          {t.doTransfer}
        </button>
        <button type="button" onClick={onDone}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
