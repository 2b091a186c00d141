import type { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fromSddl,
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  toSddl,
  type SecurityDescriptor,
} from '../../shared/sd';
import { readLabState } from './lab-env';
import { SambaOracle } from './oracle/samba-oracle';
import {
  bindLab,
  namingContexts,
  readDescriptors,
  SD_DACL,
  SD_GROUP,
  SD_OWNER,
  SD_SACL,
} from './oracle/sd-ldap';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Same owner, group, control and ACEs (the layout and the ACL revision may differ). */
function sameDescriptor(a: SecurityDescriptor, b: SecurityDescriptor): boolean {
  const content = (sd: SecurityDescriptor) =>
    hex(
      serializeSecurityDescriptor({
        ...sd,
        layout: undefined,
        dacl: sd.dacl && { aces: sd.dacl.aces, revision: 4 },
        sacl: sd.sacl && { aces: sd.sacl.aces, revision: 4 },
      }),
    );
  return content(a) === content(b);
}

/**
 * Every nTSecurityDescriptor of every partition of the lab DC (owner, group, DACL, SACL),
 * checked against Samba's own codec: byte round trip, SDDL in style 'samba' equal to
 * as_sddl(domain_sid), fromSddl(Samba's SDDL) the same descriptor as Samba's from_sddl (laid
 * out as Windows does), and the SDDL in Windows' spelling reading back to the descriptor.
 */
describe('security descriptors of the lab DC against Samba', () => {
  let client: Client;
  let oracle: SambaOracle;
  const lab = readLabState();

  beforeAll(async () => {
    if (!lab) throw new Error('The lab is not provisioned. Run: npm run lab -- up');
    client = await bindLab(lab, lab.admin.dn, lab.admin.password);
    oracle = new SambaOracle();
  });

  afterAll(async () => {
    oracle?.close();
    await client?.unbind();
  });

  it(
    'round-trips and renders every descriptor exactly as Samba does',
    { timeout: 600_000 },
    async () => {
      const domainSid = lab!.domainSid;
      const partitions = await namingContexts(client);
      expect(partitions.length).toBeGreaterThanOrEqual(3);
      const failures: string[] = [];
      const counts = new Map<string, number>();
      let withSacl = 0;
      let batch: Promise<void>[] = [];
      for (const partition of partitions) {
        for await (const { dn, sd: bytes } of readDescriptors(
          client,
          partition,
          SD_OWNER | SD_GROUP | SD_DACL | SD_SACL,
        )) {
          counts.set(partition, (counts.get(partition) ?? 0) + 1);
          const sd = parseSecurityDescriptor(bytes);
          if (sd.sacl) withSacl++;
          if (hex(serializeSecurityDescriptor(sd)) !== hex(bytes))
            failures.push(`${dn}: byte round trip differs`);
          const ours = toSddl(sd, domainSid, { style: 'samba' });
          const windows = toSddl(sd, domainSid);
          // SDDL has no letters for the owner/group-defaulted bits (0x3): the rest must come back.
          if (!sameDescriptor(fromSddl(windows, domainSid), { ...sd, control: sd.control & ~0x3 }))
            failures.push(`${dn}: its SDDL in Windows' spelling does not read back to it`);
          batch.push(
            oracle.describe(bytes, domainSid).then((answer) => {
              if (answer.error) failures.push(`${dn}: Samba failed: ${answer.error}`);
              else if (answer.sddl !== ours)
                failures.push(`${dn}: SDDL differs\n  ours:  ${ours}\n  samba: ${answer.sddl}`);
              else {
                // Same descriptor as Samba's from_sddl, laid out as Windows lays it out.
                const rebuilt = fromSddl(answer.sddl, domainSid);
                const samba = parseSecurityDescriptor(Buffer.from(answer.fromSddl!, 'base64'));
                if (!sameDescriptor(rebuilt, samba)) {
                  failures.push(`${dn}: fromSddl differs from Samba's from_sddl`);
                }
              }
            }),
          );
          if (batch.length >= 500) {
            await Promise.all(batch);
            batch = [];
          }
        }
      }
      await Promise.all(batch);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      console.info(
        `Checked ${total} descriptors (${withSacl} with a SACL):`,
        Object.fromEntries(counts),
      );
      expect(failures.slice(0, 20)).toEqual([]);
      expect(total).toBeGreaterThan(1000);
      expect(withSacl).toBeGreaterThan(0);
    },
  );
});
