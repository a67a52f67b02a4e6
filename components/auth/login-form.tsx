'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { authKeys, logIn } from '@/lib/auth/client';
import { safeNextPath } from '@/lib/auth/safe-next';
import { isApiClientError } from '@/lib/ui/api-client';
import { Icon } from '../icon';
import { INPUT_CLASS } from '../form-field';

function loginError(err: unknown): string {
  if (!isApiClientError(err)) return 'Login failed. Try again.';
  if (err.status === 401) return 'Invalid username or password.';
  if (err.status === 429) return `Too many failed attempts. ${err.message.replace(/^too many failed logins; /, '').replace(/^./, (c) => c.toUpperCase())}.`;
  if (err.status === 0) return 'Cannot reach the Graylane server.';
  if (err.status === 503) return `The console cannot sign anyone in: ${err.message}`;
  return err.message || `Login failed (${err.status}).`;
}

/**
 * KubeSphere-style login card. Covers the whole viewport (the console's top bar included), since
 * nothing behind it is usable before signing in. A full page load follows a successful login so
 * every server-rendered page and cached query starts from the new identity.
 */
export function LoginForm({ next }: { next?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await logIn(username.trim(), password);
      queryClient.removeQueries({ queryKey: authKeys.all });
      window.location.assign(safeNextPath(next));
    } catch (err) {
      setError(loginError(err));
      setBusy(false);
    }
  }

  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center overflow-auto bg-[#242e42] bg-[radial-gradient(circle_at_20%_20%,#36435c_0%,#242e42_55%,#1b2233_100%)] p-4" data-testid="login-page">
      <div className="w-full max-w-[400px]">
        <div className="mb-6 flex items-center justify-center gap-3 text-white">
          <img src="/graylane-logo.svg" alt="" width={40} height={40} />
          <span className="text-[24px] font-semibold tracking-wide">Graylane</span>
        </div>
        <form onSubmit={submit} noValidate className="rounded-[4px] bg-white px-8 py-7 shadow-pop" aria-labelledby="login-title" data-testid="login-form">
          <h1 id="login-title" className="text-[18px] font-semibold text-ink">
            Log in
          </h1>
          <p className="mt-1 text-[12px] text-muted">Grayscale releases for microservices on Kubernetes and Istio</p>
          {error ? (
            <div role="alert" className="mt-4 flex items-start gap-2 rounded-[4px] border border-danger/30 bg-danger-soft px-3 py-2 text-[12px] text-danger" data-testid="login-error">
              <Icon name="alert" className="mt-0.5 shrink-0" />
              <span>{error}</span>
            </div>
          ) : null}
          <label htmlFor="login-username" className="mb-1 mt-5 block text-[12px] font-semibold text-ink">
            Username
          </label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            className={`${INPUT_CLASS} h-10 text-[13px]`}
            data-testid="login-username"
          />
          <label htmlFor="login-password" className="mb-1 mt-4 block text-[12px] font-semibold text-ink">
            Password
          </label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className={`${INPUT_CLASS} h-10 text-[13px]`}
            data-testid="login-password"
          />
          <button
            type="submit"
            disabled={busy}
            className="mt-6 flex h-10 w-full items-center justify-center rounded-[4px] bg-primary-strong text-[13px] font-semibold text-white hover:bg-primary-hover disabled:opacity-60"
            data-testid="login-submit"
          >
            {busy ? 'Logging in…' : 'Log In'}
          </button>
        </form>
        <p className="mt-4 text-center text-[12px] text-white/60">Sessions last 8 hours. Ask a platform admin to reset a forgotten password.</p>
      </div>
    </div>
  );
}
