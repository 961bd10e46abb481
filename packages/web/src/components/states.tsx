/** Loading, empty and error states, so no page ever shows a blank box. */
import { ApiError } from '../api.ts';

export function Loading(props: { what: string }) {
  return (
    <div className="state loading" aria-busy="true">
      Loading {props.what}…
    </div>
  );
}

export function Empty(props: { children: React.ReactNode }) {
  return <div className="state empty">{props.children}</div>;
}

export function ErrorBox(props: { error: Error }) {
  const e = props.error;
  const api = e instanceof ApiError ? e : null;
  return (
    <div className="state error" role="alert">
      <strong>{api ? `${api.code}: ` : ''}</strong>
      {e.message}
      {api?.hint ? <div className="hint">Hint: {api.hint}</div> : null}
      {api && api.issues.length > 0 ? (
        <ul>
          {api.issues.map((i, n) => (
            <li key={n}>
              {i.field ? <code>{i.field}</code> : null} {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
