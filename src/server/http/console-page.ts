/**
 * Where console/index.html leaves the gateway's settings to be written (console/src/settings.ts
 * reads them back). `npm run build` refuses a page without it (scripts/build.ts), and a served page
 * without it answers 503, rather than the console silently starting with no settings.
 */
export const CONSOLE_SETTINGS_PLACEHOLDER = '<meta name="console-settings" content="{}"';

/** The page as served: the settings, as JSON, in the placeholder's attribute; or undefined without one. */
export function renderConsolePage(template: string, settings: object): string | undefined {
  if (!template.includes(CONSOLE_SETTINGS_PLACEHOLDER)) return undefined;
  const content = escapeAttribute(JSON.stringify(settings));
  // A function, so that `$&` or `$'` in a setting is written as it is, not as a replacement pattern.
  return template.replace(
    CONSOLE_SETTINGS_PLACEHOLDER,
    () => `<meta name="console-settings" content="${content}"`,
  );
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
