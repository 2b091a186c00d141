import { describe, expect, it } from 'vitest';
import { addressesOutsideLoopback, roomOfItsOwn } from '../../../scripts/lab/smb-conf';

// What samba-tool provision writes on a machine whose resolv.conf names 10.255.255.53.
const provisioned = [
  '# Global parameters',
  '[global]',
  '\tdns forwarder = 10.255.255.53',
  '\tinterfaces = 127.0.0.7/8',
  '\tlog file = /var/log/samba/log.%m',
  '\tnetbios name = DC1',
  '',
  '[sysvol]',
  '\tpath = /lab/dc/state/sysvol',
  '',
].join('\n');

const options = {
  certs: { caFile: '/lab/tls/ca.pem', certFile: '/lab/tls/dc1.pem', keyFile: '/lab/tls/dc1.key' },
  runDir: '/lab/dc/run',
  logDir: '/lab/dc/logs',
};

describe("the lab's smb.conf", () => {
  it('finds an address outside loopback (the check the lab test relies on can fail)', () => {
    expect(addressesOutsideLoopback(provisioned)).toEqual(['10.255.255.53']);
    expect(addressesOutsideLoopback('dns forwarder = fd00::53')).toEqual(['fd00::53']);
    expect(addressesOutsideLoopback('interfaces = 127.0.0.2/8 ::1')).toEqual([]);
  });

  it('drops the forwarder and keeps run-time files and logs in the lab', () => {
    const conf = roomOfItsOwn(provisioned, options);
    expect(addressesOutsideLoopback(conf)).toEqual([]);
    expect(conf).toMatch(/^\tdns forwarder =$/m);
    expect(conf).toMatch(/^\tpid directory = \/lab\/dc\/run$/m);
    expect(conf).toMatch(/^\tlog file = \/lab\/dc\/logs\/log\.%m$/m);
    expect(conf).not.toContain('/var/log/samba');
    // Each parameter once; other sections untouched.
    expect(conf.match(/dns forwarder/g)).toHaveLength(1);
    expect(conf).toContain('[sysvol]\n\tpath = /lab/dc/state/sysvol');
  });

  it('refuses a configuration without [global]', () => {
    expect(() => roomOfItsOwn('[sysvol]\n', options)).toThrow(/no \[global\]/);
  });
});
