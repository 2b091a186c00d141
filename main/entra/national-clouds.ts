import { badInput } from '../../shared/errors';

/**
 * Microsoft's national clouds: each has its own sign-in host and its own Graph host, and a
 * token from one is refused by the others (docs/domain-facts.md §5; Microsoft Learn, "National cloud
 * deployments"). US Gov DoD (L5) signs in at the same host as US Gov (L4).
 */
export type CloudName = 'global' | 'usgov' | 'usgov-dod' | 'china';

export interface NationalCloud {
  readonly name: CloudName;
  readonly title: string;
  /** Microsoft Entra sign-in host (the authority's host). */
  readonly loginHost: string;
  /** Microsoft Graph root, without the version. */
  readonly graphHost: string;
  /** Where an admin manages the tenant in a browser (the Entra admin center, or the Azure
   * portal in the clouds the admin center does not serve). */
  readonly adminPortal: string;
}

export const nationalClouds: Readonly<Record<CloudName, NationalCloud>> = {
  global: {
    name: 'global',
    title: 'Global (Microsoft Entra ID)',
    loginHost: 'https://login.microsoftonline.com',
    graphHost: 'https://graph.microsoft.com',
    adminPortal: 'https://entra.microsoft.com',
  },
  usgov: {
    name: 'usgov',
    title: 'US Government L4 (GCC High)',
    loginHost: 'https://login.microsoftonline.us',
    graphHost: 'https://graph.microsoft.us',
    adminPortal: 'https://portal.azure.us',
  },
  'usgov-dod': {
    name: 'usgov-dod',
    title: 'US Government L5 (DoD)',
    loginHost: 'https://login.microsoftonline.us',
    graphHost: 'https://dod-graph.microsoft.us',
    adminPortal: 'https://portal.azure.us',
  },
  china: {
    name: 'china',
    title: 'China (operated by 21Vianet)',
    loginHost: 'https://login.chinacloudapi.cn',
    graphHost: 'https://microsoftgraph.chinacloudapi.cn',
    adminPortal: 'https://portal.azure.cn',
  },
};

function isCloudName(value: string): value is CloudName {
  return Object.hasOwn(nationalClouds, value);
}

/** The cloud named by `--cloud`, or a usage error listing the valid names. */
export function cloudByName(value: string): NationalCloud {
  if (!isCloudName(value)) {
    throw badInput(
      'entra-unknown-cloud',
      `"${value}" is not a Microsoft cloud this tool knows.`,
      `Use one of: ${Object.keys(nationalClouds).join(', ')}.`,
    );
  }
  return nationalClouds[value];
}

/** The Graph v1.0 base URL of a cloud. */
export function graphBaseUrl(cloud: NationalCloud): string {
  return `${cloud.graphHost}/v1.0`;
}
