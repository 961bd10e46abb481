/**
 * HTML escaping for the few strings the dashboard hands to a renderer that sets innerHTML
 * (ECharts tooltip formatters). React escapes everything else; data (a GPU host, a service name)
 * must never become markup here either.
 */

/**
 * Escapes &, <, >, " and ' so `s` shows as text in HTML.
 * @example escapeHtml('<img onerror=x>') // '&lt;img onerror=x&gt;'
 */
export function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
