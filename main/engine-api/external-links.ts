/**
 * The only pages the app opens, and only in the system browser: sign-in and the admin portals
 * of Microsoft's clouds. Anything else — a link in a Graph error, a pasted URL — is
 * refused, so a crafted message can never send the admin to a look-alike page.
 */
import { badInput } from '../../shared/errors';
import { nationalClouds } from '../entra/national-clouds';

const allowedHosts: ReadonlySet<string> = new Set([
  ...Object.values(nationalClouds).flatMap((cloud) => [
    new URL(cloud.loginHost).host,
    new URL(cloud.adminPortal).host,
  ]),
  'portal.azure.com',
  'aka.ms',
]);

export function checkExternalLink(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badInput('link-invalid', `"${url}" is not a link.`, 'Open the page from the wizard.');
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) {
    throw badInput(
      'link-refused',
      `The app opens only https pages of Microsoft's sign-in and admin portals, not ${parsed.protocol}//${parsed.host}.`,
      'Open the page yourself if you trust it.',
    );
  }
  if (!allowedHosts.has(parsed.host)) {
    throw badInput(
      'link-refused',
      `The app opens only Microsoft's sign-in and admin portals, not ${parsed.host}.`,
      `Open the page yourself if you trust it. Allowed: ${[...allowedHosts].join(', ')}.`,
    );
  }
  return parsed;
}
