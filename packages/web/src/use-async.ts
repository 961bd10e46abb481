/** Loads data for a component: loading → ok | error, ignoring answers to superseded requests. */
import { useEffect, useState } from 'react';

export type AsyncState<T> =
  { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: Error };

/** Runs `load` whenever `key` changes. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, key: string): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  useEffect(() => {
    const ctl = new AbortController();
    setState({ status: 'loading' });
    load(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ status: 'ok', data }),
      (error: unknown) =>
        !ctl.signal.aborted &&
        setState({
          status: 'error',
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
    return () => ctl.abort();
    // `key` stands for everything `load` depends on.
  }, [key]);
  return state;
}
