/**
 * Benchmark: streaming every user of the lab (20,000 bulk users when seeded) through
 * Directory.search with their DACL, adminCount, userAccountControl, sAMAccountName and
 * pwdLastSet, page size 1000, against `ldapsearch` for the same attributes, page size and SD
 * flags control, side by side in one run. Targets: ≤ 1.2 × ldapsearch, flat peak RSS.
 * Run: npx tsx bench/directory-scan.ts   (also run by `npm run bench`). Read-only.
 */
import { connectDirectory } from '../main/directory/connect';
import { SdFlags } from '../main/directory/sd-flags-control';
import { readLab, type LabInfo } from '../tests/lab/lab-env';
import {
  bestOf,
  ldapsearchUsers,
  MiB,
  ROUNDS,
  RssSampler,
  seconds,
  withLabPasswordFile,
  type UserQuery,
} from './support/ldapsearch-baseline';

const query: UserQuery = {
  filter: '(&(objectCategory=person)(objectClass=user))',
  attributes: [
    'nTSecurityDescriptor',
    'adminCount',
    'userAccountControl',
    'sAMAccountName',
    'pwdLastSet',
  ],
  pageSize: 1000,
};

async function scan(lab: LabInfo, expected: number) {
  const dir = await connectDirectory({
    url: lab.url,
    bindUser: lab.admin.dn,
    password: lab.admin.password,
    caPem: lab.caPem,
  });
  const rss = new RssSampler();
  const started = performance.now();
  let entries = 0;
  let daclBytes = 0;
  try {
    for await (const entry of dir.search(lab.baseDn, {
      ...query,
      sdFlags: SdFlags.DACL,
    })) {
      entries += 1;
      daclBytes += entry.bytes['ntsecuritydescriptor']?.[0]?.length ?? 0;
      if (entries >= expected / 4) rss.markQuarter();
    }
  } finally {
    await dir.close();
  }
  const ms = performance.now() - started;
  if (daclBytes === 0) throw new Error('no DACL bytes came back');
  return { ms, entries, ...rss.stop() };
}

await withLabPasswordFile('directory-scan', readLab, async (lab, passwordFile) => {
  const searches: number[] = [];
  const scans: Awaited<ReturnType<typeof scan>>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const s = await ldapsearchUsers(lab, passwordFile, query);
    searches.push(s.ms);
    const r = await scan(lab, s.entries);
    scans.push(r);
    console.error(
      `round ${round + 1}: ldapsearch ${seconds(s.ms)} s (${s.entries}); Directory.search ${seconds(r.ms)} s (${r.entries}), peak RSS ${(r.peakRss / MiB).toFixed(0)} MiB`,
    );
    if (s.entries !== r.entries)
      throw new Error(`entry counts differ: ldapsearch ${s.entries}, scan ${r.entries}`);
  }
  const ratio = bestOf(scans.map((r) => r.ms)) / bestOf(searches);
  const last = scans.at(-1)!;
  console.log(
    JSON.stringify(
      {
        users: last.entries,
        pageSize: query.pageSize,
        ldapsearchSeconds: searches.map(seconds),
        scanSeconds: scans.map((r) => seconds(r.ms)),
        ratioBestOfEach: +ratio.toFixed(3),
        ratioTarget: 1.2,
        peakRssMiB: +(Math.max(...scans.map((r) => r.peakRss)) / MiB).toFixed(1),
        rssGrowthQuarterToEndMiB: +((last.rssAtEnd - last.rssAtQuarter) / MiB).toFixed(1),
      },
      null,
      2,
    ),
  );
  const ok = ratio <= 1.2;
  console.error(ok ? 'directory-scan: within target' : 'directory-scan: OVER TARGET');
  process.exitCode = ok ? 0 : 1;
});
