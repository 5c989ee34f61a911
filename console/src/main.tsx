import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { createApi, type Api } from './api';
import { completeSignIn, openSession, type Session } from './auth';
import { loadConfig, type ConsoleConfig } from './config';
import { EvaluationsPage } from './pages/evaluations';
import { ExperimentsPage } from './pages/experiments';
import { MetricsPage } from './pages/metrics';
import { DocumentsPage } from './pages/documents';
import { ErrorMessage } from './ui';
import './styles.css';

const PAGES = [
  { id: 'documents', title: 'Documents' },
  { id: 'metrics', title: 'Metrics' },
  { id: 'experiments', title: 'Experiments' },
  { id: 'evaluations', title: 'Evaluations' },
] as const;
type PageId = (typeof PAGES)[number]['id'];

function pageFromHash(): PageId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return (PAGES.find((p) => p.id === id)?.id ?? 'documents') as PageId;
}

function App({ config, session, signInError }: { config: ConsoleConfig; session: Session; signInError: string | null }) {
  const [page, setPage] = useState<PageId>(pageFromHash());
  const [api] = useState<Api>(() => createApi(config.apiBaseUrl, session));

  useEffect(() => {
    const onHash = () => {
      setPage(pageFromHash());
      document.getElementById('main')?.focus();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${PAGES.find((p) => p.id === page)!.title} · MedExtract console`;
  }, [page]);

  return (
    <>
      <header class="top">
        <span class="brand">MedExtract</span>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li>
                <a href={`#/${p.id}`} aria-current={p.id === page ? 'page' : undefined}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="account">
          {config.auth.mode === 'none' ? (
            <span class="badge">local mode</span>
          ) : session.signedIn() ? (
            <>
              <span>{session.userName() ?? 'signed in'}</span>
              <button type="button" class="secondary" onClick={() => void session.signOut()}>
                Sign out
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorMessage error={signInError} />
        {!session.signedIn() ? (
          <section class="signin">
            <h1>Sign in</h1>
            <p>The console calls the MedExtract API with your Cognito account.</p>
            <button type="button" onClick={() => session.signIn()}>
              Sign in
            </button>
          </section>
        ) : (
          // Every page stays mounted, hidden when not shown, so switching pages loses nothing typed.
          <>
            <div hidden={page !== 'documents'}>
              <DocumentsPage api={api} session={session} />
            </div>
            <div hidden={page !== 'metrics'}>
              <MetricsPage api={api} active={page === 'metrics'} />
            </div>
            <div hidden={page !== 'experiments'}>
              <ExperimentsPage api={api} session={session} active={page === 'experiments'} />
            </div>
            <div hidden={page !== 'evaluations'}>
              <EvaluationsPage api={api} session={session} active={page === 'evaluations'} />
            </div>
          </>
        )}
      </main>
    </>
  );
}

async function start() {
  const root = document.getElementById('app')!;
  try {
    const config = await loadConfig();
    const signInError = await completeSignIn(config.auth);
    const session = openSession(config.auth);
    render(<App config={config} session={session} signInError={signInError} />, root);
  } catch (error) {
    render(
      <main id="main">
        <h1>MedExtract console</h1>
        <ErrorMessage error={error} />
      </main>,
      root,
    );
  }
}

start();
