"""Record identifiers: version 7 UUIDs in creation order."""

from __future__ import annotations

import uuid

from app.domain.ids import new_uuid


def test_new_uuid_is_a_canonical_version_7_uuid():
    text = new_uuid()
    parsed = uuid.UUID(text)
    assert str(parsed) == text
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122


def test_new_uuids_sort_in_creation_order_and_never_repeat():
    made = [new_uuid() for _ in range(5000)]  # many within one millisecond
    assert made == sorted(made)
    assert len(set(made)) == len(made)
