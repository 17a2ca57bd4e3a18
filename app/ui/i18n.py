"""Installing the Qt translator for the chosen UI language.

English is the source language of every UI string; Indonesian ("id") is the
default and comes from ``resources/translations/jempol_id.qm``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from app.i18n import DEFAULT_LANGUAGE, LANGUAGES
from app.resources import resource_path

_installed: list[QTranslator] = []


def normalize_language(lang: str | None) -> str:
    """``"id"`` or ``"en"``; anything unknown falls back to the default (Indonesian)."""
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def qm_path(lang: str):
    return resource_path("translations", f"jempol_{lang}.qm")


def install_translator(app: QCoreApplication, lang: str | None) -> bool:
    """Replace any translator installed earlier by the one for ``lang``.

    Returns True when a translation file was loaded (English needs none: the
    source strings are English).
    """
    lang = normalize_language(lang)
    remove_translators(app)
    language = QLocale.Language.Indonesian if lang == "id" else QLocale.Language.English
    QLocale.setDefault(QLocale(language))
    path = qm_path(lang)
    if lang == "en" and not path.exists():
        return False
    translator = QTranslator(app)
    if not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def remove_translators(app: QCoreApplication) -> None:
    """Back to the English source strings."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
