import { useState } from 'preact/hooks';
import type { ConsoleSession } from './session';
import { useStore } from './store';

const LAST_EMAIL = 'relais-console:email';

export function LoginForm({ session }: { session: ConsoleSession }) {
  const s = useStore(session);
  const t = session.t;
  const [email, setEmail] = useState(() => localStorage.getItem(LAST_EMAIL) ?? '');
  const [password, setPassword] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    localStorage.setItem(LAST_EMAIL, email);
    void session.login(email.trim(), password);
  };
  return (
    <form class="card login" onSubmit={submit} aria-labelledby="login-title">
      <h2 id="login-title">{t.login}</h2>
      {s.loginNotice && (
        <p class="notice" role="status">
          {s.loginNotice}
        </p>
      )}
      {s.loginError && (
        <p class="error" role="alert" id="login-error">
          {s.loginError}
        </p>
      )}
      <label for="login-email">{t.email}</label>
      <input id="login-email" type="email" autoComplete="username" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} aria-describedby={s.loginError ? 'login-error' : undefined} />
      <label for="login-password">{t.password}</label>
      <input id="login-password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
      <button type="submit" class="primary" disabled={s.busy}>
        {t.logIn}
      </button>
    </form>
  );
}
