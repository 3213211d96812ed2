"""Build the platform icons from ``facilitator.svg``: PNG sizes, a Windows .ico, a macOS .icns.

    python resources/icons/build_icons.py OUT_DIR

Writes, under OUT_DIR:
  hicolor/<N>x<N>/apps/workshop-facilitator.png                    N = 16 … 512 (Linux menus)
  hicolor/<N>x<N>/mimetypes/application-x-workshop-facilitator.png (the .workshop file's icon)
  hicolor/scalable/apps/workshop-facilitator.svg
  workshop-facilitator.ico   16 … 256 (Windows: the .exe, the installer, the file association)
  workshop-facilitator.icns  16 … 1024 (macOS: the .app bundle and its document type)

The SVG is rendered with QtSvg (already a dependency of the app, so it draws exactly as the
window icon does); Pillow, from the ``build`` extra, packs the .ico and .icns. The outputs are
build products: the installer scripts make them, git keeps only the SVG.
"""

from __future__ import annotations

import os
import sys
from io import BytesIO
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtSvg import QSvgRenderer

from facilitator_app.ui.widgets.icons import app_icon_svg, render_icon

APP_ICON_NAME = "workshop-facilitator"
MIME_ICON_NAME = "application-x-workshop-facilitator"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def _to_pillow(image: QImage) -> Image.Image:
    """Hand a Qt image to Pillow through an in-memory PNG (lossless, keeps the alpha)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; str works
    buffer.close()
    return Image.open(BytesIO(bytes(data.data()))).convert("RGBA")


def build_icons(out_dir: Path) -> list[Path]:
    """Render every size once and write the files; returns the paths written."""
    renderer = QSvgRenderer(QByteArray(app_icon_svg()))
    if not renderer.isValid():
        raise SystemExit("build_icons: the SVG icon could not be read")
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    images = {size: _to_pillow(render_icon(size, renderer)) for size in sizes}
    written: list[Path] = []

    for size in PNG_SIZES:
        for context, name in (("apps", APP_ICON_NAME), ("mimetypes", MIME_ICON_NAME)):
            target = out_dir / "hicolor" / f"{size}x{size}" / context / f"{name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            images[size].save(target, "PNG", optimize=True)
            written.append(target)
    scalable = out_dir / "hicolor" / "scalable" / "apps" / f"{APP_ICON_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(app_icon_svg())
    written.append(scalable)

    ico = out_dir / f"{APP_ICON_NAME}.ico"
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(
        ico,
        "ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )
    written.append(ico)

    icns = out_dir / f"{APP_ICON_NAME}.icns"
    images[max(ICNS_SIZES)].save(
        icns,
        "ICNS",
        append_images=[images[size] for size in ICNS_SIZES if size != max(ICNS_SIZES)],
    )
    written.append(icns)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    written = build_icons(Path(argv[0]))
    print(f"build_icons: wrote {len(written)} files under {argv[0]}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
