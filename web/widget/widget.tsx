import { render } from 'preact';
import { WidgetApi } from './api';
import { WidgetController } from './controller';
import { pickLocale, type Locale } from './i18n';
import { CSS } from './styles';
import type { TrackEvent } from './types';
import { App } from './ui';

// One tag on any site: <script async src="https://relais.example/widget/v1/widget.js" data-site-key="..."></script>
// Public API: Relais.identify(token), Relais.track(event), Relais.open(), Relais.setLocale('fr'|'en'), Relais.on(event, fn).
// Calls made before the script loaded (`window.Relais = window.Relais || []; Relais.push(['track', {...}])`) are replayed.

type Queued = [string, ...unknown[]];

// Read now: `document.currentScript` is only set while this script first runs.
const current = document.currentScript as HTMLScriptElement | null;

function boot(): void {
  const script = current ?? document.querySelector<HTMLScriptElement>('script[data-site-key][src*="/widget/v1/widget.js"]');
  const siteKey = script?.dataset.siteKey;
  if (!script || !siteKey) return console.error('[Relais] the widget script needs data-site-key');
  const api = new WidgetApi(new URL(script.src).origin, siteKey);
  const ctl = new WidgetController(api, pickLocale(script.dataset.locale, document.documentElement.lang, navigator.language));

  const host = document.createElement('div');
  host.setAttribute('data-relais-widget', '');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = CSS;
  shadow.appendChild(style);
  const mount = document.createElement('div');
  shadow.appendChild(mount);
  document.body.appendChild(host);
  render(<App ctl={ctl} />, mount);

  const publicApi = {
    identify: (identityToken: string) => ctl.identify(identityToken),
    track: (event: TrackEvent) => ctl.track(event),
    open: () => ctl.openChat(),
    setLocale: (locale: Locale) => ctl.setLocale(pickLocale(locale)),
    on: (event: string, fn: (payload: unknown) => void) => ctl.on(event, fn),
  };
  const queued = (window as unknown as { Relais?: Queued[] }).Relais;
  (window as unknown as { Relais: typeof publicApi }).Relais = publicApi;
  void ctl.start().then(() => {
    if (!Array.isArray(queued)) return;
    for (const [method, ...args] of queued) (publicApi[method as keyof typeof publicApi] as (...a: unknown[]) => unknown)?.(...args);
  });
}

// After the page's own scripts have drawn it, so the `data-relais-*` attributes are there to read.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
