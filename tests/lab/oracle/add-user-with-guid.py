"""Adds, or removes for good, users with the objectGUIDs a test chooses, on the lab's sam.ldb.

A DC never lets LDAP set objectGUID (replmd_add refuses it); Samba's local database does with
the relax control, and the running DC serves the users at once. Used to put users exactly on
and just below the bounds of a split scan's objectGUID ranges. A deleted object keeps its GUID
(as a tombstone) and would refuse the next run's user, so `remove` expunges the tombstone too.

usage: /usr/bin/python3 add-user-with-guid.py <smb.conf> <sam.ldb> add|remove
stdin, add: one line per user: <dn> TAB <sAMAccountName> TAB <objectGUID, 32 hex digits>
stdin, remove: one objectGUID (32 hex digits) per line
"""
import sys

import ldb
from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

lp = LoadParm()
lp.load(sys.argv[1])
db = SamDB(url=sys.argv[2], session_info=system_session(), lp=lp)
USER = ['top', 'person', 'organizationalPerson', 'user']


def add(dn, account, guid):
    msg = ldb.Message(ldb.Dn(db, dn))
    msg['objectClass'] = ldb.MessageElement(USER, ldb.FLAG_MOD_ADD, 'objectClass')
    msg['sAMAccountName'] = ldb.MessageElement([account], ldb.FLAG_MOD_ADD, 'sAMAccountName')
    msg['objectGUID'] = ldb.MessageElement([bytes.fromhex(guid)], ldb.FLAG_MOD_ADD, 'objectGUID')
    db.add(msg, controls=['relax:0'])


def with_guid(guid):
    value = ''.join('\\' + guid[i:i + 2] for i in range(0, 32, 2))
    return db.search(base=db.domain_dn(), scope=ldb.SCOPE_SUBTREE,
                     expression='(objectGUID=%s)' % value, attrs=['isDeleted'],
                     controls=['show_deleted:1', 'show_recycled:1'])


def remove(guid):
    for found in with_guid(guid):
        if str(found.get('isDeleted', idx=0) or '').upper() != 'TRUE':
            db.delete(found.dn)
    for tombstone in with_guid(guid):
        db.delete(tombstone.dn, controls=['relax:0'])


for line in sys.stdin:
    if not line.strip():
        continue
    if sys.argv[3] == 'add':
        add(*line.rstrip('\n').split('\t'))
    else:
        remove(line.strip())
print('ok')
