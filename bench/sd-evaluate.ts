/**
 * Benchmark: parse + evaluate typical user DACLs (target: ≥ 100,000 per second on one core).
 * Run: npx tsx bench/sd-evaluate.ts   (also run by `npm run bench`).
 *
 * Each descriptor is a distinct user object's nTSecurityDescriptor shaped like a DC's
 * (explicit ACEs, then ~20 inherited ones). Three cases: the connector holds nothing (every
 * ACE is walked), the writeback grant is inherited at the end (the deciding ACE is parsed and
 * described), and all three writeback checks per user (reset, lockoutTime, pwdLastSet).
 */
import {
  evaluateAccess,
  fromSddl,
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  toSddl,
  WELL_KNOWN_PROPERTY_SETS,
  WritebackGuid,
  type AccessRequest,
} from '../shared/sd';
import { TYPICAL_USER_SDDL } from '../tests/unit/sd/fixtures';

const DOMAIN_SID = 'S-1-5-21-4099789701-1661095101-3818505851';
const CONNECTOR = `${DOMAIN_SID}-1105`;
const GRANT =
  `(OA;CIID;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${CONNECTOR})` +
  `(OA;CIID;WP;28630ebf-41d5-11d1-a9c1-0000f80367c1;bf967aba-0de6-11d0-a285-00aa003049e2;${CONNECTOR})` +
  `(OA;CIID;WP;bf967a0a-0de6-11d0-a285-00aa003049e2;bf967aba-0de6-11d0-a285-00aa003049e2;${CONNECTOR})`;

function userDescriptors(count: number, withGrant: boolean): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    // A distinct owner and an explicit ACE for the user itself, as DCs write for each user.
    const sddl =
      TYPICAL_USER_SDDL.replace('O:DA', `O:S-1-5-21-1-2-3-${5000 + i}`) +
      `(OA;;RPWP;bf967a7f-0de6-11d0-a285-00aa003049e2;;S-1-5-21-1-2-3-${5000 + i})` +
      (withGrant ? GRANT : '');
    out.push(serializeSecurityDescriptor(fromSddl(sddl, 'S-1-5-21-1-2-3')));
  }
  return out;
}

const token = {
  userSid: CONNECTOR,
  groupSids: [`${DOMAIN_SID}-513`, `${DOMAIN_SID}-1200`, `${DOMAIN_SID}-1201`],
};
const reset: AccessRequest = { kind: 'control-access', rightGuid: WritebackGuid.resetPassword };
const writeLockout: AccessRequest = {
  kind: 'write-property',
  attributeGuid: WritebackGuid.lockoutTime,
};
const writePwdLastSet: AccessRequest = {
  kind: 'write-property',
  attributeGuid: WritebackGuid.pwdLastSet,
};

function measure(
  name: string,
  descriptors: readonly Uint8Array[],
  work: (sd: Uint8Array) => void,
  seconds = 2,
): number {
  for (let i = 0; i < 2000; i++) work(descriptors[i % descriptors.length]!); // warm-up
  let done = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i++) work(descriptors[(done + i) % descriptors.length]!);
    done += 1000;
  }
  const perSecond = Math.round(done / ((performance.now() - start) / 1000));
  console.log(`${name.padEnd(62)} ${perSecond.toLocaleString('en-US').padStart(12)} per second`);
  return perSecond;
}

const plain = userDescriptors(1000, false);
const granted = userDescriptors(1000, true);
const aces = parseSecurityDescriptor(granted[0]!).dacl!.aces.length;
console.log(`Typical user descriptor: ${granted[0]!.length} bytes, ${aces} ACEs (with the grant)`);

const base = { token, objectClassGuid: WritebackGuid.userClass, schema: WELL_KNOWN_PROPERTY_SETS };
const notGranted = measure(
  'evaluate Reset password, not granted (walks every ACE)',
  plain,
  (sd) => {
    if (evaluateAccess({ ...base, sd, request: reset }).granted)
      throw new Error('unexpected grant');
  },
);
const grantedRate = measure(
  'evaluate Reset password, granted by an inherited ACE',
  granted,
  (sd) => {
    if (!evaluateAccess({ ...base, sd, request: reset }).granted)
      throw new Error('unexpected denial');
  },
);
measure('evaluate all three writeback rights per user', granted, (sd) => {
  evaluateAccess({ ...base, sd, request: reset });
  evaluateAccess({ ...base, sd, request: writeLockout });
  evaluateAccess({ ...base, sd, request: writePwdLastSet });
});
measure('full parse (parseSecurityDescriptor)', granted, (sd) => void parseSecurityDescriptor(sd));
measure(
  'full parse + toSddl',
  granted,
  (sd) => void toSddl(parseSecurityDescriptor(sd), DOMAIN_SID),
);
measure(
  'full parse + serialise (byte round trip)',
  granted,
  (sd) => void serializeSecurityDescriptor(parseSecurityDescriptor(sd)),
);

const target = 100_000;
const worst = Math.min(notGranted, grantedRate);
console.log(
  `target ${target.toLocaleString('en-US')} per second: ${worst >= target ? 'met' : 'NOT met'} (slowest case ${worst.toLocaleString('en-US')})`,
);
if (worst < target) process.exitCode = 1;
