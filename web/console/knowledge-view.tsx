import { download, failureNotice } from './failure';
import type { ConsoleSession } from './session';
import { useApiList } from './use-api-list';
import { ListNotice } from './list-notice';

interface Unanswered {
  id: string;
  text: string;
  bestGuess: string | null;
  confidence: number;
}

/** The same question asked several times is one line, with how often and the agent's best confidence. */
function grouped(items: Unanswered[]) {
  const byText = new Map<string, { text: string; bestGuess: string | null; confidence: number; count: number }>();
  for (const q of items) {
    const key = q.text.trim().toLowerCase();
    const line = byText.get(key) ?? { text: q.text, bestGuess: q.bestGuess, confidence: q.confidence, count: 0 };
    line.count += 1;
    if (q.confidence > line.confidence) Object.assign(line, { bestGuess: q.bestGuess, confidence: q.confidence });
    byText.set(key, line);
  }
  return [...byText.values()].sort((a, b) => b.count - a.count);
}

/** Supervisors: what the virtual agent could not answer, to grow the knowledge base; the full list as CSV. */
export function KnowledgeView({ session }: { session: ConsoleSession }) {
  const t = session.t;
  const list = useApiList<Unanswered>(session, '/agent/unanswered?limit=100');
  const lines = grouped(list.items ?? []);
  const exportCsv = async () => {
    try {
      download(await session.api.text('/agent/unanswered?format=csv'), 'unanswered-questions.csv');
    } catch (error) {
      list.setNotice(failureNotice(t, error));
    }
  };
  return (
    <section class="card" aria-labelledby="unanswered-title">
      <div class="row spread">
        <h2 id="unanswered-title">{t.unanswered}</h2>
        <button type="button" onClick={() => void exportCsv()}>
          {t.exportCsv}
        </button>
      </div>
      <ListNotice list={list} />
      {list.items && lines.length === 0 && <p class="empty">{t.noUnanswered}</p>}
      <div class="scroll">
        <table data-console="unanswered">
          <thead>
            <tr>
              <th scope="col">{t.question}</th>
              <th scope="col">{t.bestGuess}</th>
              <th scope="col">{t.confidence}</th>
              <th scope="col">{t.count}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((q) => (
              <tr key={q.text}>
                <th scope="row">{q.text}</th>
                <td>{q.bestGuess ?? '—'}</td>
                <td>{Math.round(q.confidence * 100)} %</td>
                <td>{q.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
