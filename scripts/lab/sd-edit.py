#!/usr/bin/python3
"""Edits DACLs in the lab's sam.ldb with Samba's own SDDL codec (the seed's exact tool).

Reads a JSON list of operations on stdin; prints the resulting DACL SDDL of each, as JSON.
Every operation is idempotent. Runs on Debian's /usr/bin/python3 (python3-samba).

  {"op": "protect", "dn": ...}                      inheritance off, inherited ACEs kept as
                                                    explicit (what ADUC's "Convert" does)
  {"op": "copyProtected", "dn": ..., "from": ...}   DACL := from's DACL, protected (SDProp's
                                                    stamp from AdminSDHolder, MS-ADTS 3.1.1.6.1)
  {"op": "addAces", "dn": ..., "aces": [...]}       explicit ACEs, in canonical order: denies
                                                    first, allows before inherited ACEs
  {"op": "read", "dn": ...}
"""
import json
import re
import sys

import ldb
from samba.auth import system_session
from samba.dcerpc import security
from samba.ndr import ndr_pack, ndr_unpack
from samba.param import LoadParm
from samba.samdb import SamDB

DACL_ONLY = ["sd_flags:1:%d" % security.SECINFO_DACL]


def main():
    smb_conf, sam_ldb = sys.argv[1], sys.argv[2]
    lp = LoadParm()
    lp.load(smb_conf)
    db = SamDB(url=sam_ldb, session_info=system_session(), lp=lp)
    domain_sid = security.dom_sid(db.get_domain_sid())

    def read(dn):
        res = db.search(base=dn, scope=ldb.SCOPE_BASE, attrs=["nTSecurityDescriptor"], controls=DACL_ONLY)
        sd = ndr_unpack(security.descriptor, res[0]["nTSecurityDescriptor"][0])
        return sd.as_sddl(domain_sid)

    def write(dn, sddl):
        sd = security.descriptor.from_sddl(sddl, domain_sid)
        m = ldb.Message()
        m.dn = ldb.Dn(db, dn)
        m["nTSecurityDescriptor"] = ldb.MessageElement(ndr_pack(sd), ldb.FLAG_MOD_REPLACE, "nTSecurityDescriptor")
        db.modify(m, controls=DACL_ONLY)

    def split(sddl):
        m = re.match(r"^D:([A-Z]*)((?:\([^)]*\))*)", sddl)
        if not m:
            raise ValueError("unexpected DACL SDDL: " + sddl)
        return m.group(1), re.findall(r"\([^)]*\)", m.group(2))

    def flags(ace):
        f = ace[1:-1].split(";")[1]
        return [f[i:i + 2] for i in range(0, len(f), 2)]

    def explicit(ace):
        parts = ace[1:-1].split(";")
        parts[1] = "".join(t for t in flags(ace) if t != "ID")
        return "(" + ";".join(parts) + ")"

    def normal(ace):
        return split(security.descriptor.from_sddl("D:" + ace, domain_sid).as_sddl(domain_sid))[1][0]

    def protected(sddl):
        control, aces = split(sddl)
        control = "P" + control.replace("P", "")
        return "D:" + control + "".join(explicit(a) for a in aces)

    out = []
    for op in json.load(sys.stdin):
        dn, kind = op["dn"], op["op"]
        if kind == "protect":
            write(dn, protected(read(dn)))
        elif kind == "copyProtected":
            write(dn, protected(read(op["from"])))
        elif kind == "addAces":
            control, aces = split(read(dn))
            for ace in (normal(a) for a in op["aces"]):
                if ace in aces:
                    continue
                if ace.startswith("(D;") or ace.startswith("(OD;"):
                    aces.insert(0, ace)
                else:
                    inherited = [i for i, a in enumerate(aces) if "ID" in flags(a)]
                    aces.insert(inherited[0] if inherited else len(aces), ace)
            write(dn, "D:" + control + "".join(aces))
        elif kind != "read":
            raise ValueError("unknown operation " + kind)
        out.append({"dn": dn, "dacl": read(dn)})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
