"""Identifiers of the records a laptop creates.

Every visit, request, stock movement and sync batch gets a UUID made on the laptop (it is
the record's identity on the server too). They are version 7 UUIDs (RFC 9562): the first
48 bits are the creation time in milliseconds, the rest random. Any UUID is valid on the
wire (older records keep their version 4 UUIDs); time order only makes the laptop's
UUID-keyed indexes (requests, history, outbox, audit) grow at one end, so saving a request
changes one hot index page per index instead of a random page of each — fewer pages to
write and, in the encrypted database, fewer pages to encrypt and decrypt.
"""

from __future__ import annotations

import uuid6


def new_uuid() -> str:
    """A new time-ordered UUID (version 7) as its canonical string."""
    return str(uuid6.uuid7())
