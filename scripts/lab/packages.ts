/**
 * The Debian packages the lab needs. Missing ones are installed when running as root;
 * otherwise the lab stops and says exactly what to run.
 */
import { run } from './run';

export const labPackages = [
  'samba',
  'samba-ad-dc',
  'samba-ad-provision',
  'ldb-tools',
  'python3-samba',
  'ldap-utils',
  // The tests read SYSVOL's NT ACL extended attributes with getfattr, and make the lab's
  // certificates with openssl.
  'attr',
  'openssl',
] as const;

async function isInstalled(name: string): Promise<boolean> {
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f=${Status}', name]);
    return stdout.includes('install ok installed');
  } catch {
    return false;
  }
}

export async function ensurePackages(
  log: (line: string) => void,
  names: readonly string[] = labPackages,
): Promise<void> {
  const missing: string[] = [];
  for (const name of names) if (!(await isInstalled(name))) missing.push(name);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The lab needs Debian packages that are not installed: ${missing.join(', ')}.\nRun as root: ${command}`,
    );
  }
  log(`installing ${missing.join(' ')} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env });
  await run('apt-get', ['install', '-y', ...missing], { env });
}
