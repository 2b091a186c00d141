import { Option, type Command } from 'commander';
import { badInput } from '../../shared/errors';
import { GraphReader } from '../entra/graph-reader';
import { fixedTokenSource, type GraphTokenSource } from '../entra/graph-token-source';
import {
  cloudByName,
  graphBaseUrl,
  nationalClouds,
  type NationalCloud,
} from '../entra/national-clouds';
import { EntraSignIn } from '../entra/sign-in';
import { openInSystemBrowser } from '../entra/system-browser';

/** The Entra ID options of docs/cli.md ("Options shared by the commands"), as commander parses them. */
export interface EntraOptionValues {
  readonly tenant?: string;
  readonly cloud: string;
  readonly clientId?: string;
  readonly graphTokenEnv?: string;
  readonly graphEndpoint?: string;
  readonly deviceCode?: boolean;
  /** False with --no-graph. */
  readonly graph: boolean;
}

export function addEntraOptions(command: Command): Command {
  return command
    .option('--tenant <id|domain>', 'Entra tenant to sign in to (id or verified domain)')
    .addOption(
      new Option('--cloud <name>', 'Microsoft cloud')
        .choices(Object.keys(nationalClouds))
        .default('global'),
    )
    .option(
      '--client-id <id>',
      "your organization's public-client app registration (default: Microsoft Graph Command Line Tools)",
    )
    .option(
      '--graph-token-env <VAR>',
      'use the Graph access token in this environment variable instead of signing in',
    )
    .option(
      '--graph-endpoint <https-url>',
      "another Graph base URL, e.g. a proxy (default: the cloud's Graph v1.0)",
    )
    .option('--device-code', 'sign in with a device code instead of opening a browser')
    .option('--no-graph', 'skip every Entra ID check');
}

/** How the CLI reaches Graph, or `undefined` with --no-graph. */
export interface EntraConnection {
  readonly cloud: NationalCloud;
  readonly graph: GraphReader;
  /** For the few calls that are not reads (the canary reset): the same token and Graph. */
  readonly baseUrl: string;
  readonly tokenSource: GraphTokenSource;
}

/**
 * Builds the Graph reader from the options: a token from the named variable, or an
 * interactive sign-in (browser, else device code on stderr). The CLI keeps the sign-in in
 * memory only: plain Node has no OS encryption to store it safely.
 */
export function connectEntra(
  values: EntraOptionValues,
  env: NodeJS.ProcessEnv = process.env,
): EntraConnection | undefined {
  if (!values.graph) return undefined;
  const cloud = cloudByName(values.cloud);
  const baseUrl = values.graphEndpoint ?? graphBaseUrl(cloud);
  const tokenSource =
    values.graphTokenEnv === undefined
      ? signInFromTerminal(cloud, values)
      : tokenFromEnvironment(values.graphTokenEnv, env);
  const graph = new GraphReader({
    baseUrl,
    tokenSource,
    ...(cloud.name === 'global' ? {} : { scopeResource: cloud.graphHost }),
  });
  return { cloud, graph, baseUrl, tokenSource };
}

function tokenFromEnvironment(variable: string, env: NodeJS.ProcessEnv): GraphTokenSource {
  const token = env[variable]?.trim();
  if (token === undefined || token === '') {
    throw badInput(
      'entra-token-env-empty',
      `The environment variable ${variable} (--graph-token-env) is not set or empty.`,
      `Put a Microsoft Graph access token in ${variable}, e.g. ${variable}=$(az account get-access-token --resource-type ms-graph --query accessToken -o tsv).`,
    );
  }
  if (/\s/.test(token)) {
    throw badInput(
      'entra-token-env-invalid',
      `The environment variable ${variable} does not hold a single access token (it contains spaces).`,
      `Put only the token itself in ${variable}, without "Bearer ".`,
    );
  }
  return fixedTokenSource(token);
}

function signInFromTerminal(cloud: NationalCloud, values: EntraOptionValues): EntraSignIn {
  return new EntraSignIn(
    {
      cloud,
      ...(values.tenant === undefined ? {} : { tenant: values.tenant }),
      ...(values.clientId === undefined ? {} : { clientId: values.clientId }),
    },
    {
      openBrowser: async (url) => {
        process.stderr.write('Opening your browser to sign in to Microsoft Entra ID…\n');
        await openInSystemBrowser(url);
      },
      showDeviceCode: (message) => process.stderr.write(`${message}\n`),
      preferDeviceCode: values.deviceCode === true,
    },
  );
}
