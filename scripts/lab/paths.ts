/**
 * Where the lab lives: everything under `<repo>/.lab` (gitignored), found from this file's
 * location so the script works from any working directory.
 */
import { join } from 'node:path';
import { labDir, labJsonPath, labPidPath } from '../../tests/lab/lab-env';
import { currentLabRealm, labRealmFor } from './realm';

export { labDir, labJsonPath, labPidPath };

/**
 * This lab's domain: CONTOSO.TEST (the tests and docs are written against it) unless it was
 * provisioned as another realm (scripts/lab/realm.ts).
 */
export const labDomain = labRealmFor(currentLabRealm());

export const labPaths = {
  root: labDir,
  json: labJsonPath,
  pid: labPidPath,
  /** samba-tool provision --targetdir. */
  dc: join(labDir, 'dc'),
  smbConf: join(labDir, 'dc', 'etc', 'smb.conf'),
  samLdb: join(labDir, 'dc', 'private', 'sam.ldb'),
  sysvol: join(labDir, 'dc', 'state', 'sysvol', labDomain.dnsDomain),
  tls: join(labDir, 'tls'),
  caFile: join(labDir, 'tls', 'ca.pem'),
  log: join(labDir, 'samba.log'),
  /** samba -i exits on EOF on stdin: it reads a FIFO that never closes instead. */
  stdinFifo: join(labDir, 'samba.stdin'),
  lock: join(labDir, 'lab.lock'),
  /** The DC database and SYSVOL as they were right after the last seed (for reset). */
  snapshot: join(labDir, 'snapshot'),
  snapshotJson: join(labDir, 'snapshot', 'lab.json'),
  /**
   * Pid files, sockets and other run-time files of this lab's samba: never the system's
   * /run/samba, so the lab runs beside any other Samba on the machine.
   */
  run: join(labDir, 'dc', 'run'),
  /** samba's own log files (log.%m). */
  logs: join(labDir, 'dc', 'logs'),
} as const;
