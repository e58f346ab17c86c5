import { render } from 'preact';
import { App } from './app';
import { ConsoleSession } from './session';

// The advisor console at /console: one page, talking only to the /console/v1 API and the /console socket.
const session = new ConsoleSession();
document.documentElement.lang = session.state.locale;
render(<App session={session} />, document.getElementById('app')!);
