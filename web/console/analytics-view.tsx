import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { AnalyticsDesk } from './analytics-desk';
import { download } from './failure';
import type { ConsoleSession } from './session';
import { useStore } from './store';

// Loaded only when a supervisor opens the dashboard: Chart.js stays out of the console's first load.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = ['#0b5cad', '#2e8540', '#b35c00', '#6f42c1', '#8a1c11', '#4a4a4a'];

export function AnalyticsView({ session }: { session: ConsoleSession }) {
  const desk = useMemo(() => new AnalyticsDesk(session), [session]);
  const a = useStore(desk);
  const t = session.t;
  useEffect(() => void desk.load(), [desk]);
  const rules = a.targeting?.byRule ?? [];
  const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`);
  const exportCsv = () => download(desk.csv(), `relais-engagement-${a.from}-${a.to}.csv`);
  return (
    <div class="analytics">
      <form
        class="card row"
        onSubmit={(e) => {
          e.preventDefault();
          void desk.load();
        }}
      >
        <label>
          {t.from} <input type="date" value={a.from} onChange={(e) => desk.set({ from: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          {t.to} <input type="date" value={a.to} onChange={(e) => desk.set({ to: (e.target as HTMLInputElement).value })} />
        </label>
        <button type="submit" class="primary">
          {t.show}
        </button>
        <button type="button" onClick={exportCsv} disabled={!a.targeting}>
          {t.exportCsv}
        </button>
      </form>
      <p class="notice" role="status" hidden={!a.notice}>
        {a.notice}
      </p>
      {a.targeting && (
        <section class="card" aria-labelledby="engagement-title">
          <h2 id="engagement-title">{t.engagement}</h2>
          <p>
            {t.engagementTotals(a.targeting.totals.shown, percent(a.targeting.totals.acceptanceRate), percent(a.targeting.totals.conversionRate))}
          </p>
          <BarChart
            label={t.engagementChart}
            labels={rules.map((r) => r.ruleName ?? r.actionType)}
            series={[
              { label: t.shown, data: rules.map((r) => r.shown) },
              { label: t.accepted, data: rules.map((r) => r.accepted) },
              { label: t.converted, data: rules.map((r) => r.converted) },
            ]}
          />
          <table data-console="engagement">
            <caption class="sr">{t.engagement}</caption>
            <thead>
              <tr>
                <th scope="col">{t.rule}</th>
                <th scope="col">{t.shown}</th>
                <th scope="col">{t.accepted}</th>
                <th scope="col">{t.converted}</th>
                <th scope="col">{t.acceptance}</th>
                <th scope="col">{t.uplift}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.ruleId}>
                  <th scope="row">{r.ruleName ?? r.actionType}</th>
                  <td>{r.shown}</td>
                  <td>{r.accepted}</td>
                  <td>{r.converted}</td>
                  <td>{percent(r.acceptanceRate)}</td>
                  <td>{percent(r.uplift)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {a.callbacks && (
        <section class="card" aria-labelledby="escalation-title">
          <h2 id="escalation-title">{t.escalation}</h2>
          <p>{t.callbackTotals(a.callbacks.booked, a.callbacks.keptWithinPromisePercent === null ? '—' : `${a.callbacks.keptWithinPromisePercent} %`, a.callbacks.late)}</p>
          <BarChart
            label={t.callbackChart}
            labels={[t.reached, t.noAnswerFinal, t.wrongNumber, t.open]}
            series={[{ label: t.callbackChart, data: [a.callbacks.outcomes.reached, a.callbacks.outcomes.no_answer, a.callbacks.outcomes.wrong_number, a.callbacks.open] }]}
          />
        </section>
      )}
    </div>
  );
}

/** A bar chart; the canvas is an image to assistive technology, its figures are in words or a table beside it. */
function BarChart({ label, labels, series }: { label: string; labels: string[]; series: { label: string; data: number[] }[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      type: 'bar',
      data: { labels, datasets: series.map((s, i) => ({ ...s, backgroundColor: COLOURS[i % COLOURS.length] })) },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    return () => chart.destroy();
  }, [JSON.stringify({ labels, series })]);
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
