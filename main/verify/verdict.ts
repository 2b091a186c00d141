/**
 * A user's readiness verdict (blockers and warnings) from the one verdict engine, for joining a
 * Connect server's AD-side failure (a permission or a policy refusal) to what this tool found.
 */
import type { BlockerReason } from '../../shared/checks';
import type { Directory } from '../directory/connect';
import { assessDirectoryReadiness } from '../readiness/ad-assess-provider';

/** `account`: the connector (sAMAccountName or DN); found as the assessment finds it when absent. */
export function verdictReader(directory: Directory, account: string | undefined) {
  return async (dn: string): Promise<readonly BlockerReason[]> => {
    const findings = await assessDirectoryReadiness(directory, {
      scopes: [dn],
      ...(account === undefined ? {} : { account }),
    });
    const facts = findings.facts as
      { warnings?: readonly { dn: string; reasons: readonly BlockerReason[] }[] } | undefined;
    const mine = [...findings.blockers, ...(facts?.warnings ?? [])].filter(
      (user) => user.dn.toLowerCase() === dn.toLowerCase(),
    );
    return mine.flatMap((user) => user.reasons);
  };
}
