import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SyntheticEvent } from 'react';
import { get, request, setCsrfToken, type AuthConfig, type User } from '../api.ts';
import { ErrorMessage, Loading } from '../components/DataState.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { useLanguage } from '../i18n.tsx';

function LanguageSwitch() {
  const { t, language, setLanguage } = useLanguage();
  return (
    <button
      type="button"
      className="link-button"
      lang={language === 'sv' ? 'en' : 'sv'}
      onClick={() => {
        setLanguage(language === 'sv' ? 'en' : 'sv');
      }}
    >
      {t.otherLanguage}
    </button>
  );
}

export function SignIn() {
  const { t } = useLanguage();
  const client = useQueryClient();
  const config = useQuery({
    queryKey: ['auth-config'],
    queryFn: () => get<AuthConfig>('/api/auth/config'),
  });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const ids = { user: useId(), pass: useId(), name: useId(), hint: useId() };
  const loginError = new URLSearchParams(window.location.search).get('loginError');

  const signIn = useMutation({
    mutationFn: (setup: boolean) =>
      request<{ user: User; csrfToken: string }>(
        'POST',
        setup ? '/api/auth/setup' : '/api/auth/login',
        setup ? { username, password, displayName, role: 'controller' } : { username, password },
      ),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      if (window.location.search.includes('loginError'))
        window.history.replaceState(null, '', window.location.pathname);
      client.setQueryData(['me'], session.user);
    },
  });

  if (config.isPending) return <Loading />;
  if (config.isError) return <ErrorMessage error={config.error} />;
  const setup = config.data.needsSetup;
  const title = setup ? t.signIn.setupTitle : t.signIn.title;
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    signIn.mutate(setup);
  };
  return (
    <main id="main" className="sign-in">
      <PageTitle title={title} />
      <div className="sign-in-top">
        <p className="brand">
          <span className="brand-name">{t.appName}</span>{' '}
          <span className="brand-tagline">{t.tagline}</span>
        </p>
        <LanguageSwitch />
      </div>
      <h1>{title}</h1>
      {setup && <p>{t.signIn.setupIntro}</p>}
      {loginError && <ErrorMessage error={new Error(loginError)} />}
      {signIn.isError && <ErrorMessage error={signIn.error} />}
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor={ids.user}>{t.signIn.username}</label>
          <input
            id={ids.user}
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => {
              setUsername(e.target.value);
            }}
          />
        </div>
        {setup && (
          <div className="field">
            <label htmlFor={ids.name}>{t.signIn.displayName}</label>
            <input
              id={ids.name}
              name="displayName"
              autoComplete="name"
              required
              value={displayName}
              onChange={(e) => {
                setDisplayName(e.target.value);
              }}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.pass}>{t.signIn.password}</label>
          <input
            id={ids.pass}
            name="password"
            type="password"
            autoComplete={setup ? 'new-password' : 'current-password'}
            required
            aria-describedby={setup ? ids.hint : undefined}
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
            }}
          />
          {setup && (
            <p id={ids.hint} className="hint">
              {t.signIn.passwordHint}
            </p>
          )}
        </div>
        <button type="submit" disabled={signIn.isPending}>
          {setup ? t.signIn.setupSubmit : t.signIn.submit}
        </button>
      </form>
      {config.data.oidc && !setup && (
        <>
          <p className="or">{t.signIn.or}</p>
          <a className="button" href="/api/auth/oidc/login?returnTo=/">
            {config.data.oidc.label || t.signIn.oidc}
          </a>
        </>
      )}
    </main>
  );
}
