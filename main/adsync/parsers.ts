/**
 * Parsers for what the ADSync cmdlets print through `ConvertTo-Json -Depth 6` (Windows
 * PowerShell 5.1): properties in PascalCase, GUIDs as strings, collections as arrays (a single
 * item may come as a bare object), enums as numbers or names. Anything missing or of the wrong
 * type is a clear error, never a guessed default.
 */
import { z } from 'zod';
import { WizardError } from '../../shared/errors';

/** The Entra (Azure AD) connector's fixed identifier (docs/domain-facts.md §4). */
export const entraConnectorId = 'b891884f-051e-4a83-95af-2544101c9083';

export const guidText = z
  .union([z.string(), z.object({ Guid: z.string() }).transform((g) => g.Guid)])
  .transform((g) => g.toLowerCase());
export const boolLike = z.union([
  z.boolean(),
  z.enum(['True', 'False', 'true', 'false']).transform((v) => v.toLowerCase() === 'true'),
]);
export const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item), item.transform((one) => [one])]);

const connectivityParameter = z.looseObject({ Name: z.string(), Value: z.unknown().optional() });
const connectorJson = z.looseObject({
  Name: z.string(),
  Identifier: guidText,
  ConnectorTypeName: z.string().optional(),
  Type: z.union([z.string(), z.number()]).optional(),
  Subtype: z.string().nullish(),
  ConnectivityParameters: z.union([oneOrMany(connectivityParameter), z.null()]).optional(),
});

export interface AdsyncConnector {
  readonly name: string;
  readonly identifier: string;
  /** The Entra connector (the one that holds the password writeback switch). */
  readonly isEntra: boolean;
  /** An AD DS connector (one per forest). */
  readonly isActiveDirectory: boolean;
  /** AD connectors: the AD DS connector account, as DOMAIN\user. */
  readonly connectorAccount?: string;
}

export function parseConnectors(json: unknown): AdsyncConnector[] {
  const list =
    parse('Get-ADSyncConnector', z.union([z.null(), oneOrMany(connectorJson)]), json) ?? [];
  return list.map((connector) => {
    const parameter = (name: string) => {
      const value = connector.ConnectivityParameters?.find((p) => p.Name === name)?.Value;
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const user = parameter('forest-login-user');
    const domain = parameter('forest-login-domain');
    const isActiveDirectory = connector.ConnectorTypeName === 'AD';
    return {
      name: connector.Name,
      identifier: connector.Identifier,
      isEntra: connector.Identifier === entraConnectorId,
      isActiveDirectory,
      ...(isActiveDirectory && user
        ? { connectorAccount: domain ? `${domain}\\${user}` : user }
        : {}),
    };
  });
}

/** Get-ADSyncAADPasswordResetConfiguration -Connector <name>: is writeback on? */
export function parsePasswordResetConfiguration(json: unknown): { readonly enabled: boolean } {
  const value = parse(
    'Get-ADSyncAADPasswordResetConfiguration',
    z.looseObject({ Enabled: boolLike }),
    json,
  );
  return { enabled: value.Enabled };
}

export const companyFeatureNames = [
  'PasswordHashSync',
  'ForcePasswordChangeOnLogOn',
  'UserWriteback',
  'DeviceWriteback',
  'UnifiedGroupWriteback',
  'GroupWritebackV2',
] as const;
export type CompanyFeatures = { readonly [K in (typeof companyFeatureNames)[number]]?: boolean };

/** Get-ADSyncAADCompanyFeature: the tenant features AD Connect switches. */
export function parseCompanyFeatures(json: unknown): CompanyFeatures {
  const value = parse(
    'Get-ADSyncAADCompanyFeature',
    z.looseObject(
      Object.fromEntries(companyFeatureNames.map((name) => [name, boolLike.optional()])),
    ),
    json,
  ) as Record<string, boolean | undefined>;
  if (value.PasswordHashSync === undefined && value.ForcePasswordChangeOnLogOn === undefined) {
    throw outputError(
      'Get-ADSyncAADCompanyFeature',
      'it has neither PasswordHashSync nor ForcePasswordChangeOnLogOn',
    );
  }
  return Object.fromEntries(
    companyFeatureNames.flatMap((name) => (value[name] === undefined ? [] : [[name, value[name]]])),
  );
}

/**
 * Whether Set-ADSyncAADCompanyFeature takes -AADUserName. Entra Connect 2.6.84.0 made it
 * mandatory: the cmdlet then signs an Entra administrator in interactively, which a
 * non-interactive run cannot do. Read from the cmdlet itself, not guessed from the version.
 */
export function parseCompanyFeatureSignIn(json: unknown): boolean {
  return parse('Get-Command Set-ADSyncAADCompanyFeature', boolLike, json);
}

export interface GlobalSettings {
  /** `Microsoft.OptionalFeature.*` parameters, name without the prefix → on/off. */
  readonly optionalFeatures: Readonly<Record<string, boolean>>;
  /** The Connect build (Microsoft.Synchronize.ServerConfigurationVersion), e.g. 2.3.20.0. */
  readonly connectVersion?: string;
}

const optionalFeaturePrefix = 'Microsoft.OptionalFeature.';

export function parseGlobalSettings(json: unknown): GlobalSettings {
  const value = parse(
    'Get-ADSyncGlobalSettings',
    z.looseObject({
      Parameters: oneOrMany(z.looseObject({ Name: z.string(), Value: z.unknown().optional() })),
    }),
    json,
  );
  const optionalFeatures: Record<string, boolean> = {};
  let connectVersion: string | undefined;
  for (const parameter of value.Parameters) {
    if (parameter.Name.startsWith(optionalFeaturePrefix)) {
      const on = boolLike.safeParse(parameter.Value);
      if (!on.success)
        throw outputError(
          'Get-ADSyncGlobalSettings',
          `${parameter.Name} is ${JSON.stringify(parameter.Value)}, not True or False`,
        );
      optionalFeatures[parameter.Name.slice(optionalFeaturePrefix.length)] = on.data;
    } else if (
      parameter.Name === 'Microsoft.Synchronize.ServerConfigurationVersion' &&
      typeof parameter.Value === 'string'
    ) {
      connectVersion = parseConnectVersion(parameter.Value);
    }
  }
  return { optionalFeatures, ...(connectVersion ? { connectVersion } : {}) };
}

/** Get-ADSyncScheduler: a staging server does not perform writeback. */
export function parseScheduler(json: unknown): {
  readonly stagingModeEnabled: boolean;
  readonly syncCycleEnabled?: boolean;
} {
  const value = parse(
    'Get-ADSyncScheduler',
    z.looseObject({ StagingModeEnabled: boolLike, SyncCycleEnabled: boolLike.optional() }),
    json,
  );
  return {
    stagingModeEnabled: value.StagingModeEnabled,
    ...(value.SyncCycleEnabled === undefined ? {} : { syncCycleEnabled: value.SyncCycleEnabled }),
  };
}

/** A Connect version: "2.3.20.0", or [version]'s JSON {Major, Minor, Build, Revision}. */
export function parseConnectVersion(json: unknown): string {
  if (typeof json === 'string' && /^\d+\.\d+\.\d+(\.\d+)?$/.test(json.trim())) return json.trim();
  const object = z
    .looseObject({ Major: z.number(), Minor: z.number(), Build: z.number(), Revision: z.number() })
    .safeParse(json);
  if (object.success)
    return [object.data.Major, object.data.Minor, object.data.Build, object.data.Revision].join(
      '.',
    );
  throw outputError(
    'the Connect version',
    `${JSON.stringify(json)?.slice(0, 80)} is not a version like 2.3.20.0`,
  );
}

function parse<T extends z.ZodType>(cmdlet: string, schema: T, json: unknown): z.infer<T> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw outputError(cmdlet, `${issue.path.join('.') || 'the output'}: ${issue.message}`);
}

export function outputError(cmdlet: string, what: string): WizardError {
  return new WizardError(
    'adsync-unexpected-output',
    `${cmdlet} returned something this tool does not understand: ${what}.`,
    'Check the AD Connect version (a supported 2.x build is needed) and run the command on the server to see its output.',
  );
}
