/**
 * The ground truth for every access verdict: bind as the connector and let the DC decide. Each
 * try is what writeback itself does (a reset of unicodePwd, a write of lockoutTime = 0, a write
 * of pwdLastSet = -1), so "allowed" here means writeback will work for that user.
 */
import { randomBytes } from 'node:crypto';
import { Attribute, Change, InsufficientAccessError, type Client } from 'ldapts';

export type WritebackRight = 'reset' | 'lockoutTime' | 'pwdLastSet';

/** A password every lab policy accepts, different every time. */
export const strongPassword = (): string => `Wb-${randomBytes(18).toString('base64url')}-9aZ!`;

export const unicodePwd = (password: string): Buffer => Buffer.from(`"${password}"`, 'utf16le');

/** true = the DC did it, false = insufficientAccessRights; anything else fails the test. */
export async function tryAsConnector(
  connector: Client,
  dn: string,
  right: WritebackRight,
): Promise<boolean> {
  const modification =
    right === 'reset'
      ? new Attribute({ type: 'unicodePwd', values: [unicodePwd(strongPassword())] })
      : right === 'lockoutTime'
        ? new Attribute({ type: 'lockoutTime', values: ['0'] })
        : new Attribute({ type: 'pwdLastSet', values: ['-1'] });
  try {
    await connector.modify(dn, new Change({ operation: 'replace', modification }));
    return true;
  } catch (error) {
    if (error instanceof InsufficientAccessError) return false;
    throw new Error(`${right} on ${dn} failed for another reason than access: ${String(error)}`, {
      cause: error,
    });
  }
}

/** The three writeback rights on one user, as the DC grants them to the connector now. */
export async function rightsOf(
  connector: Client,
  dn: string,
): Promise<Record<WritebackRight, boolean>> {
  return {
    reset: await tryAsConnector(connector, dn, 'reset'),
    lockoutTime: await tryAsConnector(connector, dn, 'lockoutTime'),
    pwdLastSet: await tryAsConnector(connector, dn, 'pwdLastSet'),
  };
}
