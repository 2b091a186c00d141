/**
 * Where the domain's SYSVOL folder is when the admin does not say (docs/cli.md `--sysvol`): on
 * Windows the domain's own DFS share, `\\<dnsDomain>\SYSVOL\<dnsDomain>`, which any domain
 * member reaches; elsewhere there is no default (mount it and pass --sysvol).
 */
export function defaultSysvolFolder(
  baseDn: string,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (platform !== 'win32') return undefined;
  const labels = baseDn.split(',').map((rdn) => /^\s*DC=(.+?)\s*$/i.exec(rdn)?.[1]);
  if (labels.length === 0 || labels.some((label) => !label)) return undefined;
  const dnsDomain = labels.join('.');
  return `\\\\${dnsDomain}\\SYSVOL\\${dnsDomain}`;
}
