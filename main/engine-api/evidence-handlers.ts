/**
 * "Save evidence pack" on Configuration complete: one run's pack (plan, journal, each target's
 * before and after, rollback by hand, sha256 manifest, and a zip) written into a folder the
 * admin picks, with the last Verify results and the assessment report when the wizard has
 * them. A pack already there is never touched: the new one takes the next free name.
 */
import { badInput } from '../../shared/errors';
import type { ChannelInput, SavedEvidence } from '../../shared/ipc';
import { writeEvidencePackInto, type EvidenceDocument } from '../evidence/pack';
import { reportDocument } from './assess-handlers';
import { ownJournal } from './plan-handlers';
import type { EngineSession } from './session';
import { forApp } from './words';

export async function saveEvidence(
  session: EngineSession,
  input: ChannelInput<'evidence.save'>,
): Promise<SavedEvidence> {
  const journalPath = ownJournal(session, input.journal);
  const { pickFolder } = session.host;
  if (pickFolder === undefined) {
    throw badInput(
      'evidence-no-folder-picker',
      'This window cannot ask for a folder, so the evidence pack was not written.',
      'Write it from the command line: writeback evidence <journal>.',
    );
  }
  const parent = await pickFolder.call(session.host, 'Choose where to save the evidence pack');
  if (parent === undefined) {
    throw badInput(
      'evidence-not-saved',
      'The evidence pack was not saved.',
      'Choose a folder to save it in.',
    );
  }
  const pack = await writeEvidencePackInto(parent, {
    journalPath,
    verifyDocuments: verifyDocuments(session),
    reportDocuments: session.assessment
      ? await Promise.all([reportDocument(session, 'html'), reportDocument(session, 'json')])
      : [],
  });
  return {
    folder: pack.folder,
    ...(pack.zip === undefined ? {} : { zip: pack.zip }),
    files: pack.files,
    manifestSha256: pack.manifestSha256,
  };
}

/** The last Verify results, as `writeback verify --out` writes them. */
function verifyDocuments(session: EngineSession): EvidenceDocument[] {
  const { checks, canary } = forApp(session.verified);
  return [
    ...(checks ? [{ name: 'verify-checks.json', content: JSON.stringify(checks, null, 2) }] : []),
    ...(canary ? [{ name: 'verify-canary.json', content: JSON.stringify(canary, null, 2) }] : []),
  ];
}
