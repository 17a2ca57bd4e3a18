"""What the Linux bundle's trimmed ICU data keeps (installer/icu_trim.py)."""

from __future__ import annotations

import icu_trim

ITEMS = [
    "root.res", "en.res", "en_US.res", "id.res", "id_ID.res", "fr.res", "zh_Hant.res",
    "supplementalData.res", "likelySubtags.res", "res_index.res", "pool.res",
    "ibm-943_P15A-2003.cnv", "cnvalias.icu", "uts46.nrm", "nfkc.nrm", "rfc3491.spp",
    "brkitr/char.brk", "brkitr/line.brk", "brkitr/cjdict.dict", "brkitr/root.res",
    "coll/root.res", "coll/id.res", "coll/de.res", "coll/ucadata.icu",
    "zone/root.res", "zone/de.res", "curr/fr.res", "unit/id.res", "lang/en.res",
    "translit/Any_Accents.res", "rbnf/es.res", "region/pool.res",
]  # fmt: skip


def test_keeps_what_qt_reads_and_drops_names_converters_and_other_locales():
    removed = set(icu_trim.removed_items(ITEMS))
    kept = set(ITEMS) - removed
    assert kept == {
        "root.res", "en.res", "en_US.res", "id.res", "id_ID.res",
        "supplementalData.res", "likelySubtags.res", "res_index.res", "pool.res",
        "cnvalias.icu", "uts46.nrm", "nfkc.nrm", "rfc3491.spp",
        "brkitr/char.brk", "brkitr/line.brk", "brkitr/cjdict.dict", "brkitr/root.res",
        "coll/root.res", "coll/id.res", "coll/ucadata.icu",
        "zone/root.res", "region/pool.res",
    }  # fmt: skip


def test_a_missing_tool_leaves_the_library_whole(monkeypatch, tmp_path):
    monkeypatch.setattr(icu_trim, "ensure_tools", lambda: False)
    messages = []
    toc = [("PySide6/Qt/lib/libicudata.so.73", "/x/libicudata.so.73", "BINARY")]
    assert icu_trim.trim_in_toc(toc, tmp_path, log=messages.append) == toc
    assert "ICU data kept whole" in messages[0]
