/**
 * The dashboard shell: navigation, the API client (with an optional token kept in this browser),
 * the data's currency, and the page for the current path.
 */
import { useMemo, useState } from 'react';
import { ApiError, createApi } from './api.ts';
import { ApiContext } from './api-context.ts';
import type { DashboardContext } from './api-context.ts';
import { ErrorBox, Loading } from './components/states.tsx';
import { AiSpend } from './pages/ai-spend.tsx';
import { Anomalies } from './pages/anomalies.tsx';
import { Ask } from './pages/ask.tsx';
import { Budgets } from './pages/budgets.tsx';
import { Explorer } from './pages/explorer.tsx';
import { Initiatives } from './pages/initiatives.tsx';
import { Gpu } from './pages/gpu.tsx';
import { Overview } from './pages/overview.tsx';
import { Recommendations } from './pages/recommendations.tsx';
import { Sources } from './pages/sources.tsx';
import { MONTHLY_QUERY, sharedQuery } from './query-cache.ts';
import { navigate, useLocation } from './router.ts';
import { useAsync } from './use-async.ts';

const TOKEN_KEY = 'costlens.token';
const PAGES = [
  { path: '/', label: 'Overview' },
  { path: '/explorer', label: 'Explorer' },
  { path: '/sources', label: 'Sources & quality' },
  { path: '/budgets', label: 'Forecast & budgets' },
  { path: '/anomalies', label: 'Anomalies' },
  { path: '/recommendations', label: 'Recommendations' },
  { path: '/gpu', label: 'GPU fleet' },
  { path: '/ai', label: 'AI spend' },
  { path: '/initiatives', label: 'Initiatives' },
  { path: '/ask', label: 'Ask' },
] as const;

export function App() {
  const loc = useLocation();
  const [token, setToken] = useState<string | null>(() => localStorage.getItem(TOKEN_KEY));
  const api = useMemo(() => createApi({ token: () => token }), [token]);
  if (loc.path === '/') void sharedQuery(api, MONTHLY_QUERY).catch(() => undefined);
  const currencies = useAsync(
    () =>
      api.query({
        metric: 'billed_cost',
        groupBy: ['billing_currency'],
        orderBy: [{ field: 'billed_cost', direction: 'desc' }],
      }),
    `currency:${token ?? ''}`,
  );
  const page = PAGES.find((p) => p.path === loc.path) ?? PAGES[0];
  let body: React.ReactNode;
  if (currencies.status === 'loading') body = <Loading what="the dashboard" />;
  else if (currencies.status === 'error') {
    const e = currencies.error;
    body =
      e instanceof ApiError && e.status === 401 ? (
        <TokenForm
          onToken={(t) => {
            localStorage.setItem(TOKEN_KEY, t);
            setToken(t);
          }}
        />
      ) : (
        <ErrorBox error={e} />
      );
  } else {
    const codes = currencies.data.rows
      .map((r) => r['billing_currency'])
      .filter((c): c is string => typeof c === 'string' && /^[A-Z]{3}$/.test(c));
    const ctx: DashboardContext = {
      api,
      currency: codes[0] ?? 'USD',
      mixedCurrencies: codes.length > 1,
    };
    body = (
      <ApiContext.Provider value={ctx}>
        {ctx.mixedCurrencies ? (
          <div className="banner">
            Several billing currencies ({codes.join(', ')}): totals add them as-is.
          </div>
        ) : null}
        {page.path === '/explorer' ? (
          <Explorer search={loc.search} />
        ) : page.path === '/sources' ? (
          <Sources />
        ) : page.path === '/budgets' ? (
          <Budgets />
        ) : page.path === '/anomalies' ? (
          <Anomalies search={loc.search} />
        ) : page.path === '/recommendations' ? (
          <Recommendations />
        ) : page.path === '/gpu' ? (
          <Gpu search={loc.search} />
        ) : page.path === '/ai' ? (
          <AiSpend />
        ) : page.path === '/initiatives' ? (
          <Initiatives search={loc.search} />
        ) : page.path === '/ask' ? (
          <Ask />
        ) : (
          <Overview />
        )}
      </ApiContext.Provider>
    );
  }
  return (
    <>
      <header className="top">
        <span className="brand">CostLens</span>
        <nav>
          {PAGES.map((p) => (
            <a
              key={p.path}
              href={p.path}
              aria-current={p.path === page.path ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(p.path);
              }}
            >
              {p.label}
            </a>
          ))}
        </nav>
        {token ? (
          <button
            type="button"
            className="link"
            onClick={() => {
              localStorage.removeItem(TOKEN_KEY);
              setToken(null);
            }}
          >
            Forget token
          </button>
        ) : null}
      </header>
      <main>{body}</main>
    </>
  );
}

function TokenForm(props: { onToken: (t: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      className="card token-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) props.onToken(value.trim());
      }}
    >
      <h2>This server needs an API token</h2>
      <p>
        Create one with <code>costlens token create --role viewer</code> and paste it here. It stays
        in this browser.
      </p>
      <input
        aria-label="API token"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="clk_…"
      />
      <button type="submit">Use token</button>
    </form>
  );
}
