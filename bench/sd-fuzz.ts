/**
 * Fuzz run: 1,000,000 mutated real descriptors through every entry point that takes bytes
 * (parse, serialise, toSddl, evaluateAccess). Anything thrown that is not an SdError is a
 * bug; the run reports how many (must be 0) and exits 1 if any.
 * Run: npx tsx bench/sd-fuzz.ts [count]   (also run by `npm run bench`).
 *
 * Seeds: descriptors read from the lab DC when it is up (domain partition, owner, group,
 * DACL and SACL), else the Samba-produced fixtures of the unit tests.
 */
import {
  evaluateAccess,
  fromSddl,
  parseSecurityDescriptor,
  SdError,
  serializeSecurityDescriptor,
  toSddl,
  WELL_KNOWN_PROPERTY_SETS,
  WritebackGuid,
} from '../shared/sd';
import { readLabState, runningPid } from '../tests/lab/lab-env';
import {
  bindLab,
  readDescriptors,
  SD_DACL,
  SD_GROUP,
  SD_OWNER,
  SD_SACL,
} from '../tests/lab/oracle/sd-ldap';
import { DOMAIN_SID, fromHex, SAMBA_SAMPLES, TYPICAL_USER_SDDL } from '../tests/unit/sd/fixtures';
import { mutate, prng } from '../tests/unit/sd/mutate';

async function seedDescriptors(): Promise<{ seeds: Uint8Array[]; from: string }> {
  const lab = readLabState();
  if (lab && runningPid() !== undefined) {
    try {
      const client = await bindLab(lab, lab.admin.dn, lab.admin.password);
      const seeds: Uint8Array[] = [];
      for await (const { sd } of readDescriptors(
        client,
        lab.baseDn,
        SD_OWNER | SD_GROUP | SD_DACL | SD_SACL,
      )) {
        seeds.push(sd);
        if (seeds.length >= 500) break;
      }
      await client.unbind();
      if (seeds.length > 0)
        return { seeds, from: `${seeds.length} descriptors of the lab DC (${lab.baseDn})` };
    } catch (error) {
      console.warn(`Lab not reachable (${(error as Error).message}); using fixtures.`);
    }
  }
  const seeds = [
    serializeSecurityDescriptor(fromSddl(TYPICAL_USER_SDDL, DOMAIN_SID)),
    ...SAMBA_SAMPLES.map((sample) => fromHex(sample.hex)),
  ];
  return { seeds, from: `${seeds.length} Samba-produced fixture descriptors` };
}

const count = Number(process.argv[2] ?? 1_000_000);
const { seeds, from } = await seedDescriptors();
const random = prng(0x5d5d5d5d);
const token = { userSid: `${DOMAIN_SID}-1105`, groupSids: [`${DOMAIN_SID}-513`] };
const requests = [
  { kind: 'control-access', rightGuid: WritebackGuid.resetPassword },
  { kind: 'write-property', attributeGuid: WritebackGuid.pwdLastSet },
] as const;

let parsed = 0;
let typedErrors = 0;
let roundTripMismatches = 0;
const uncaught: string[] = [];
const started = performance.now();

function guard(index: number, step: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    if (error instanceof SdError) typedErrors++;
    else if (uncaught.length < 20) uncaught.push(`#${index} ${step}: ${String(error)}`);
    else uncaught.push('');
  }
}

for (let i = 0; i < count; i++) {
  const bytes = mutate(seeds[i % seeds.length]!, random);
  guard(i, 'parse/serialise/toSddl', () => {
    const sd = parseSecurityDescriptor(bytes);
    parsed++;
    const again = serializeSecurityDescriptor(sd);
    if (again.length !== bytes.length || again.some((byte, k) => byte !== bytes[k]))
      roundTripMismatches++;
    toSddl(sd, DOMAIN_SID);
  });
  guard(i, 'evaluateAccess', () => {
    const verdict = evaluateAccess({
      token,
      sd: bytes,
      request: requests[i % 2]!,
      objectClassGuid: WritebackGuid.userClass,
      schema: WELL_KNOWN_PROPERTY_SETS,
    });
    void verdict.reason;
  });
}

const seconds = (performance.now() - started) / 1000;
console.log(`Seeds: ${from}`);
console.log(`Mutations: ${count.toLocaleString('en-US')} in ${seconds.toFixed(1)} s`);
console.log(
  `Parsed cleanly: ${parsed.toLocaleString('en-US')}; typed SdErrors: ${typedErrors.toLocaleString('en-US')}`,
);
console.log(`Byte round-trip mismatches among parsed: ${roundTripMismatches}`);
console.log(`Uncaught (non-SdError) exceptions: ${uncaught.length}`);
for (const line of uncaught.filter(Boolean)) console.log(`  ${line}`);
if (uncaught.length > 0 || roundTripMismatches > 0) process.exitCode = 1;
