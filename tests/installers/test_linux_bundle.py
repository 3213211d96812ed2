"""The Linux installer end to end: build the PyInstaller bundle and the .deb with the one
command in the README, then use them as a person would: ``--version``, ``info`` and ``export``
on a workshop file made by the core, the window (offscreen) opening a file passed on its command
line, and a double-click on a ``.workshop`` file through the installed MIME type and menu entry.

Slow (one to two minutes the first time): run with ``pytest -m slow``. A bundle newer than every
source file is reused, so a second run takes seconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from facilitator_app.core.event import EventSpec, create_event_file

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux installer"),
]

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "installers" / "linux" / "build.sh"
DIST = ROOT / "installers" / "dist"
BUNDLE = DIST / "facilitator-app"
EXECUTABLE = BUNDLE / "facilitator-app"
ICONS = ROOT / "installers" / "build" / "icons"
SOURCES = (
    "facilitator_app",
    "resources",
    "installers/facilitator.spec",
    "installers/entry.py",
    "installers/linux/build.sh",
    "pyproject.toml",
    "LICENSE",
)
VERSION = version("workshop-facilitator")
TITLE = "Care closer to home"


def _newest_source_time() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else path.rglob("*")
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                newest = max(newest, file.stat().st_mtime)
    return newest


def _deb() -> Path | None:
    debs = sorted(DIST.glob(f"workshop-facilitator_{VERSION}_*.deb"))
    return debs[-1] if debs else None


def _is_fresh() -> bool:
    deb = _deb()
    if not EXECUTABLE.exists() or deb is None:
        return False
    built = min(EXECUTABLE.stat().st_mtime, deb.stat().st_mtime)
    return built > _newest_source_time()


@pytest.fixture(scope="module")
def bundle() -> Path:
    """The bundle from installers/linux/build.sh, built now unless a fresh one is there."""
    if not _is_fresh():
        started = time.monotonic()
        result = subprocess.run(
            ["bash", str(BUILD_SCRIPT)],
            cwd=ROOT,
            env=dict(os.environ, PYTHON=sys.executable),
            capture_output=True,
            text=True,
            timeout=1800,
        )
        summary = [line for line in result.stdout.splitlines() if line.startswith("build.sh:")]
        print("\n".join(summary), f"\n(build took {time.monotonic() - started:.0f} s)")
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert EXECUTABLE.exists()
    return BUNDLE


@pytest.fixture
def workshop_file(tmp_path: Path) -> Path:
    path = tmp_path / "care.workshop"
    create_event_file(path, EventSpec.with_numbered_tables(TITLE, 3, venue="Town Hall")).close()
    return path


def _quiet_environment(tmp_path: Path) -> dict[str, str]:
    """Offscreen, with settings and data in tmp_path and an instance name of its own."""
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        FACILITATOR_APP_SETTINGS_DIR=str(tmp_path / "settings"),
        FACILITATOR_APP_DATA_DIR=str(tmp_path / "data"),
        FACILITATOR_APP_INSTANCE_NAME=f"facilitator-bundle-test-{os.getpid()}-{time.time_ns()}",
    )


def _run(*arguments: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXECUTABLE), *arguments], capture_output=True, text=True, timeout=timeout
    )


def test_bundle_reports_the_package_version(bundle: Path) -> None:
    result = _run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"facilitator-app {VERSION}"


def test_bundle_shows_info_on_a_workshop_file(bundle: Path, workshop_file: Path) -> None:
    result = _run("info", str(workshop_file))
    assert result.returncode == 0, result.stderr
    assert TITLE in result.stdout
    result = _run("info", "--json", str(workshop_file))
    assert result.returncode == 0, result.stderr
    assert TITLE in json.dumps(json.loads(result.stdout))


def test_bundle_writes_the_word_report_from_its_shipped_template(
    bundle: Path, workshop_file: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.docx"
    result = _run("export", str(workshop_file), "-o", str(report))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(report) as document:
        assert TITLE in document.read("word/document.xml").decode("utf-8")


def test_bundle_refuses_a_file_that_is_not_a_workshop(bundle: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.workshop"
    bogus.write_text("not a database", "utf-8")
    result = _run("info", str(bogus))
    assert result.returncode == 1
    assert result.stderr.startswith("facilitator-app: error: ")
    assert "Traceback" not in result.stderr


def test_bundled_window_opens_a_file_from_its_command_line(
    bundle: Path, workshop_file: Path, tmp_path: Path
) -> None:
    """As a double-click does: ``facilitator-app FILE``; the app says it is shown and holds the
    file's lock (taken when the file is opened) while it runs."""
    from facilitator_app.ui.shell.file_lock import lock_path_for

    lock = lock_path_for(workshop_file.resolve())
    environment = dict(_quiet_environment(tmp_path), FACILITATOR_APP_REPORT_SHOWN="1")
    app = subprocess.Popen(
        [str(EXECUTABLE), str(workshop_file)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout is not None
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline and line.strip() != "shown":
            line = app.stdout.readline()
            if not line and app.poll() is not None:
                break
        assert line.strip() == "shown", app.stderr.read() if app.stderr else ""
        while time.monotonic() < deadline and not lock.exists():
            time.sleep(0.05)
        assert lock.exists(), "the bundled app did not open the file it was given"
        assert app.poll() is None, "the bundled app should still be running"
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()


def test_second_launch_hands_its_file_to_the_running_bundled_app(
    bundle: Path, workshop_file: Path, tmp_path: Path
) -> None:
    """A second double-click while the app runs: the new process passes the file to the running
    window and exits; the running app opens it (its process holds the file's lock)."""
    from facilitator_app.ui.shell.file_lock import lock_path_for

    environment = dict(_quiet_environment(tmp_path), FACILITATOR_APP_REPORT_SHOWN="1")
    first = subprocess.Popen(
        [str(EXECUTABLE)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "shown"
        second = subprocess.run(
            [str(EXECUTABLE), str(workshop_file)],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 0, second.stderr
        lock = lock_path_for(workshop_file.resolve())
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
            time.sleep(0.1)
        assert lock.exists(), "the running app did not open the file handed to it"
        assert int(lock.read_text().split()[0]) == first.pid
    finally:
        first.terminate()
        try:
            first.wait(10)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()


def test_bundle_carries_resources_metadata_and_only_the_qt_it_needs(bundle: Path) -> None:
    internal = bundle / "_internal"
    shipped = internal / "facilitator_app" / "resources"
    for source in (ROOT / "resources").rglob("*"):
        if source.is_file() and source.suffix != ".py" and "__pycache__" not in source.parts:
            relative = source.relative_to(ROOT / "resources")
            assert (shipped / relative).is_file(), f"{relative} is missing from the bundle"
    assert list(internal.glob("workshop_facilitator-*.dist-info/METADATA"))
    assert (internal / "LICENSE").is_file()
    names = {path.name for path in internal.rglob("*")}
    for unwanted in ("QtQml", "QtQuick", "QtWebEngine", "Qt3D", "libqgtk3.so", "libqpdf.so"):
        assert not any(name.startswith(unwanted) for name in names), unwanted
    assert not any(name.startswith(("libQt6Quick", "libQt6Qml", "libQt6Pdf")) for name in names)
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbundle size: {size / 2**20:.0f} MiB")


def _ico_sizes(path: Path) -> set[int]:
    data = path.read_bytes()
    reserved, kind, count = (int.from_bytes(data[i : i + 2], "little") for i in (0, 2, 4))
    assert (reserved, kind) == (0, 1), "not an .ico"
    return {data[6 + 16 * n] or 256 for n in range(count)}


def _icns_types(path: Path) -> set[bytes]:
    data = path.read_bytes()
    assert data[:4] == b"icns" and int.from_bytes(data[4:8], "big") == len(data)
    types, offset = set(), 8
    while offset < len(data):
        types.add(data[offset : offset + 4])
        offset += int.from_bytes(data[offset + 4 : offset + 8], "big")
    return types


def test_platform_icons_are_built_in_every_size(bundle: Path) -> None:
    assert _ico_sizes(ICONS / "workshop-facilitator.ico") == {16, 24, 32, 48, 64, 128, 256}
    # ic07…ic10: 128, 256, 512 and 1024 pixels (512@2x), the sizes Finder and the Dock use
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= _icns_types(ICONS / "workshop-facilitator.icns")
    for size in (16, 32, 48, 64, 128, 256, 512):
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "workshop-facilitator.png"
        header = png.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(header[16:20], "big") == size


@pytest.fixture(scope="module")
def installed(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb unpacked into a folder, as dpkg would lay it out under /."""
    deb = _deb()
    assert deb is not None
    root = tmp_path_factory.mktemp("installed")
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


def test_deb_installs_the_app_its_menu_entry_mime_type_and_icons(installed: Path) -> None:
    deb = _deb()
    assert deb is not None
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Package", "Version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Package: workshop-facilitator" in fields and f"Version: {VERSION}" in fields
    for path in (
        "usr/share/applications/workshop-facilitator.desktop",
        "usr/share/mime/packages/workshop-facilitator.xml",
        "usr/share/icons/hicolor/48x48/apps/workshop-facilitator.png",
        "usr/share/icons/hicolor/48x48/mimetypes/application-x-workshop-facilitator.png",
        "usr/share/icons/hicolor/scalable/apps/workshop-facilitator.svg",
        "usr/share/doc/workshop-facilitator/copyright",
    ):
        assert (installed / path).is_file(), path
    # the command on the PATH is a relative link into the bundle, so it works where installed
    launcher = installed / "usr" / "bin" / "facilitator-app"
    assert launcher.is_symlink()
    result = subprocess.run([str(launcher), "--version"], capture_output=True, text=True)
    assert result.stdout.strip() == f"facilitator-app {VERSION}", result.stderr


DESKTOP_TOOLS = ("gio", "update-mime-database", "update-desktop-database")


@pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in DESKTOP_TOOLS),
    reason="needs gio, update-mime-database, update-desktop-database (.ci/run installs them)",
)
def test_double_clicking_a_workshop_file_opens_it_in_the_installed_app(
    installed: Path, workshop_file: Path, tmp_path: Path
) -> None:
    """What a file manager does on a double-click: look the file's MIME type up in the shared
    MIME database, find the .desktop entry that handles it, and run its Exec line. The caches
    are refreshed as dpkg's triggers do on install; then ``gio open FILE`` must start the
    installed app on that file (it takes the file's lock, which names the process)."""
    from facilitator_app.ui.shell.file_lock import lock_path_for

    share = installed / "usr" / "share"
    subprocess.run(["update-mime-database", str(share / "mime")], check=True, capture_output=True)
    subprocess.run(["update-desktop-database", str(share / "applications")], check=True)
    environment = dict(
        _quiet_environment(tmp_path),
        XDG_DATA_HOME=str(share),
        XDG_DATA_DIRS="/usr/share",
        PATH=f"{installed / 'usr' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    query = subprocess.run(
        ["gio", "info", "-a", "standard::content-type", str(workshop_file)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "application/x-workshop-facilitator" in query.stdout
    handler = subprocess.run(
        ["gio", "mime", "application/x-workshop-facilitator"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "workshop-facilitator.desktop" in handler.stdout.splitlines()[0]

    lock = lock_path_for(workshop_file.resolve())
    subprocess.run(["gio", "open", str(workshop_file)], env=environment, check=True, timeout=30)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.1)
    assert lock.exists(), "double-clicking the file did not open it in the app"
    pid = int(lock.read_text().split()[0])
    try:
        executable = Path(os.readlink(f"/proc/{pid}/exe"))
        assert executable == installed / "usr" / "lib" / "workshop-facilitator" / "facilitator-app"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
