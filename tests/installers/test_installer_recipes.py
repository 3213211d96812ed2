"""The desktop integration files agree with the app and with each other: the .desktop entry
opens files of the MIME type the XML declares, that type recognises a real workshop file by its
extension and its SQLite header, and the Windows and macOS recipes name the same extension.
(The Windows and macOS installers cannot be built here; these checks keep their facts true.)"""

from __future__ import annotations

import configparser
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from facilitator_app import APP_NAME, FILE_EXTENSION
from facilitator_app.core.event import EventSpec, create_event_file

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "resources" / "linux"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
MIME_TYPE = "application/x-workshop-facilitator"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(LINUX / "workshop-facilitator.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def mime_type() -> ElementTree.Element:
    root = ElementTree.parse(LINUX / "workshop-facilitator.xml").getroot()
    element = root.find("m:mime-type", MIME_NS)
    assert element is not None
    return element


def test_desktop_entry_opens_workshop_files_with_the_app() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Exec"] == "facilitator-app %f"  # the console script and the .deb's command
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Icon"] == "workshop-facilitator"
    assert entry["Terminal"] == "false"
    # Qt names the X11 window class after the application, which is how docks match the window
    # to this entry
    assert entry["StartupWMClass"] == APP_NAME


def test_mime_type_matches_the_extension_and_a_real_file_header(tmp_path: Path) -> None:
    element = mime_type()
    assert element.get("type") == MIME_TYPE
    globs = [glob.get("pattern") for glob in element.findall("m:glob", MIME_NS)]
    assert globs == [f"*{FILE_EXTENSION}"]
    icon = element.find("m:icon", MIME_NS)
    assert icon is not None and icon.get("name") == MIME_TYPE.replace("/", "-")

    outer = element.find("m:magic/m:match", MIME_NS)
    assert outer is not None
    inner = outer.find("m:match", MIME_NS)
    assert inner is not None and inner.get("type") == "big32"
    path = tmp_path / f"event{FILE_EXTENSION}"
    create_event_file(path, EventSpec.with_numbered_tables("Magic", 2)).close()
    header = path.read_bytes()[:100]
    prefix = outer.get("value", "").replace("\\000", "\0").encode()
    assert header.startswith(prefix)  # "SQLite format 3\0"
    offset = int(inner.get("offset", "-1"))
    assert int.from_bytes(header[offset : offset + 4], "big") == int(inner.get("value", ""), 16)


def test_icon_names_are_the_ones_the_icon_script_writes() -> None:
    script = (ROOT / "resources" / "icons" / "build_icons.py").read_text("utf-8")
    assert 'APP_ICON_NAME = "workshop-facilitator"' in script
    assert f'MIME_ICON_NAME = "{MIME_TYPE.replace("/", "-")}"' in script


def test_windows_installer_is_per_user_and_associates_the_extension() -> None:
    script = (ROOT / "installers" / "windows" / "facilitator.iss").read_text("utf-8")
    settings = dict(re.findall(r"^(\w+)=(.*)$", script, re.MULTILINE))
    assert settings["PrivilegesRequired"] == "lowest"
    assert settings["ChangesAssociations"] == "yes"
    assert f'#define FileExtension "{FILE_EXTENSION}"' in script
    registry = [line for line in script.splitlines() if line.startswith("Root:")]
    assert registry and all(line.startswith("Root: HKCU;") for line in registry)
    assert '""{app}\\{#AppExeName}"" ""%1""' in script  # the open command passes the file
    # uninstalling never deletes workshop files: only the app's folders, by exact name
    deletions = re.findall(r"^Type: (\w+); Name: \"([^\"]+)\"", script, re.MULTILINE)
    assert all(FILE_EXTENSION not in name and "*" not in name for _kind, name in deletions)


def test_macos_bundle_declares_the_workshop_document_type() -> None:
    spec = (ROOT / "installers" / "facilitator.spec").read_text("utf-8")
    for key in ("CFBundleDocumentTypes", "UTExportedTypeDeclarations", "LSItemContentTypes"):
        assert f'"{key}"' in spec
    assert '"public.filename-extension": [FILE_EXTENSION.lstrip(".")]' in spec
