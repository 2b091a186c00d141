/**
 * "Save evidence pack" on Configuration complete: one run's pack (plan, journal, each target's
 * before and after, rollback by hand, sha256 manifest, and a zip), with the last Verify results
 * and the assessment report when the wizard has them. In the app the admin names the pack in a
 * save dialog; the dev bridge, which has no dialog, writes it into the journal folder beside the
 * run's journal and the page says the full path. A pack already there is never touched: a name
 * the admin chose that is taken is refused, and in the journal folder the next free name is used.
 */
import { lstat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { badInput } from '../../shared/errors';
import type { ChannelInput, SavedEvidence } from '../../shared/ipc';
import {
  writeEvidencePack,
  writeEvidencePackInto,
  type EvidenceDocument,
  type EvidenceOptions,
} from '../evidence/pack';
import { readRunStatus } from '../plan/recover';
import { reportDocument } from './assess-handlers';
import { ownJournal } from './plan-handlers';
import type { EngineSession } from './session';
import { forApp } from './words';

export async function saveEvidence(
  session: EngineSession,
  input: ChannelInput<'evidence.save'>,
): Promise<SavedEvidence> {
  const journalPath = ownJournal(session, input.journal);
  const options: Omit<EvidenceOptions, 'out'> = {
    journalPath,
    verifyDocuments: verifyDocuments(session),
    reportDocuments: session.assessment
      ? await Promise.all([reportDocument(session, 'html'), reportDocument(session, 'json')])
      : [],
  };
  const { chooseEvidenceFolder } = session.host;
  const pack =
    chooseEvidenceFolder === undefined
      ? await writeEvidencePackInto(dirname(journalPath), options)
      : await writeEvidencePack({
          ...options,
          out: await chosenFolder(session, journalPath, chooseEvidenceFolder),
        });
  return {
    folder: pack.folder,
    where: chooseEvidenceFolder === undefined ? 'journal-folder' : 'chosen',
    ...(pack.zip === undefined ? {} : { zip: pack.zip }),
    files: pack.files,
    manifestSha256: pack.manifestSha256,
  };
}

/** The folder the admin named in the save dialog: new, and its zip's name free too. */
async function chosenFolder(
  session: EngineSession,
  journalPath: string,
  choose: NonNullable<EngineSession['host']['chooseEvidenceFolder']>,
): Promise<string> {
  const { runId } = (await readRunStatus(journalPath)).journal.header;
  const folder = await choose.call(session.host, `evidence-${runId}`);
  if (folder === undefined) {
    throw badInput(
      'evidence-not-saved',
      'The evidence pack was not saved.',
      'Save it again and choose where to put it.',
    );
  }
  const out = folder.replace(/\.zip$/i, '');
  for (const path of [out, `${out}.zip`]) {
    if (await exists(path)) {
      throw badInput(
        'evidence-exists',
        `${path} already exists: an evidence pack is never written over anything.`,
        'Save it again with a new name.',
      );
    }
  }
  return out;
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw badInput(
        'evidence-unwritable',
        `Cannot save the evidence pack at ${path}: ${error.code ?? error.message}.`,
        'Save it again in a folder you may write to.',
      );
    },
  );

/** The last Verify results, as `writeback verify --out` writes them. */
function verifyDocuments(session: EngineSession): EvidenceDocument[] {
  const { checks, canary } = forApp(session.verified);
  return [
    ...(checks ? [{ name: 'verify-checks.json', content: JSON.stringify(checks, null, 2) }] : []),
    ...(canary ? [{ name: 'verify-canary.json', content: JSON.stringify(canary, null, 2) }] : []),
  ];
}
