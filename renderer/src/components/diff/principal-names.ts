/**
 * Names the directory told the wizard (the connector account's SID → DOMAIN\MSOL_…), so an ACE
 * granted to the connector reads as its name, as ADUC would show it, not as a bare SID.
 */
import { createContext, useContext } from 'react';
import { NameTable } from '../../../../shared/sd';

export const PrincipalNames = createContext<Readonly<Record<string, string>>>({});

export function useNameTable(domainSid: string): NameTable {
  const names = useContext(PrincipalNames);
  const table = new NameTable(domainSid);
  for (const [sid, name] of Object.entries(names)) table.addPrincipal(sid, name);
  return table;
}
