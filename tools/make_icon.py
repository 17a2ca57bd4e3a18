"""Draw the Jempol app icon with QPainter: resources/icons/jempol.png and jempol.ico.

Run once after changing the design: ``.venv/bin/python tools/make_icon.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    # background: Kukar river blue, rounded square
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#0b5cad"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)
    # an identity card
    p.setBrush(QColor("#ffffff"))
    card = QRectF(36 * s, 70 * s, 184 * s, 120 * s)
    p.drawRoundedRect(card, 14 * s, 14 * s)
    p.setBrush(QColor("#f2b705"))
    p.drawRoundedRect(QRectF(52 * s, 92 * s, 52 * s, 64 * s), 8 * s, 8 * s)
    p.setPen(QPen(QColor("#0b5cad"), 10 * s, c=Qt.PenCapStyle.RoundCap))
    for y in (104, 126, 148):
        p.drawLine(int(122 * s), int(y * s), int(200 * s), int(y * s))
    # the "J"
    p.setPen(QColor("#ffffff"))
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(1, int(34 * s)))
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(0, 192 * s, 256 * s, 48 * s), Qt.AlignmentFlag.AlignCenter, "JEMPOL")
    p.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    big.save(str(OUT / "jempol.png"))
    draw(64).save(str(OUT / "jempol_64.png"))
    if not big.save(str(OUT / "jempol.ico")):
        print("this Qt build cannot write .ico; jempol.png only", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
