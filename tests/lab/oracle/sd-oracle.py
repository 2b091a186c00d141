#!/usr/bin/python3
"""Samba as an independent oracle for the TypeScript security-descriptor codec.

Reads JSON lines on stdin, one request each, and answers one JSON line per request:
  {"id": 1, "sd": "<base64 of a binary SD>", "domainSid": "S-1-5-21-..."}
    -> {"id": 1, "sddl": "<as_sddl(domain_sid)>", "fromSddl": "<base64 of ndr_pack(from_sddl(sddl))>"}
  {"id": 2, "sddl": "...", "domainSid": "..."}
    -> {"id": 2, "fromSddl": "<base64>"}
Errors come back as {"id": n, "error": "..."}; the process never stops on one.
Run it with /usr/bin/python3 (Debian's, which has python3-samba).
"""
import base64
import json
import sys

from samba.dcerpc import security
from samba.ndr import ndr_pack, ndr_unpack


def answer(request):
    domain_sid = security.dom_sid(request["domainSid"])
    out = {"id": request["id"]}
    if "sd" in request:
        descriptor = ndr_unpack(security.descriptor, base64.b64decode(request["sd"]))
        sddl = descriptor.as_sddl(domain_sid)
        out["sddl"] = sddl
    else:
        sddl = request["sddl"]
    rebuilt = security.descriptor.from_sddl(sddl, domain_sid)
    out["fromSddl"] = base64.b64encode(ndr_pack(rebuilt)).decode("ascii")
    return out


for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    request = json.loads(line)
    try:
        response = answer(request)
    except Exception as error:  # report and carry on: one bad SD must not stop the batch
        response = {"id": request.get("id"), "error": str(error)}
    sys.stdout.write(json.dumps(response) + "\n")
    sys.stdout.flush()
