#!/usr/bin/env bash
# Build Workshop Facilitator for Linux from a clean clone, in one command:
#
#   installers/linux/build.sh [--no-deb]
#
# 1. makes its own virtualenv under installers/build/venv and installs the package with the
#    `build` extra (PyInstaller, Pillow) from the working tree;
# 2. draws the icons from resources/icons/facilitator.svg (installers/build/icons);
# 3. bundles the app with PyInstaller from installers/facilitator.spec into
#    installers/dist/facilitator-app/ (runnable as is: installers/dist/facilitator-app/facilitator-app);
# 4. packs installers/dist/workshop-facilitator_VERSION_ARCH.deb with dpkg-deb: the bundle in
#    /usr/lib/workshop-facilitator, `facilitator-app` on the PATH, the menu entry, the
#    application/x-workshop-facilitator MIME type for *.workshop files and the icons, so that
#    double-clicking a workshop file opens it in the app.
#
# Environment: PYTHON (default python3, 3.11 or newer) makes the virtualenv.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$root/installers/build"
dist="$root/installers/dist"
venv="$build/venv"
make_deb=1
for argument in "$@"; do
  case "$argument" in
    --no-deb) make_deb=0 ;;
    -h|--help) sed -n 2,16p "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $argument" >&2; exit 2 ;;
  esac
done
started=$(date +%s)
say() { echo "build.sh: $*"; }

# 1. The build environment: its own venv, the package installed from this tree (not editable,
#    so PyInstaller sees an ordinary installed package with its metadata).
if [ ! -x "$venv/bin/python" ]; then
  say "creating the build environment in ${venv#"$root"/}"
  "${PYTHON:-python3}" -m venv "$venv"
fi
say "installing the app and its build tools"
rm -rf "$root/build"  # setuptools' scratch folder: stale copies of removed modules would be bundled
"$venv/bin/python" -m pip install -q --disable-pip-version-check "$root[build]"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall "$root"
rm -rf "$root/build"
version="$("$venv/bin/python" -c 'import facilitator_app; print(facilitator_app.__version__)')"
say "version $version"

# 2. The icons.
rm -rf "$build/icons"
"$venv/bin/python" "$root/resources/icons/build_icons.py" "$build/icons"

# 3. The bundle.
say "bundling with PyInstaller"
(
  cd "$root"
  FACILITATOR_ICON_DIR="$build/icons" "$venv/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath "$dist" --workpath "$build/pyinstaller" installers/facilitator.spec
)
bundle="$dist/facilitator-app"
# Python's own libraries may carry debug sections (a pyenv-built libpython: ~20 MB); drop just
# those. Libraries from wheels are left alone: auditwheel-patched ones (numpy's OpenBLAS) no
# longer load once rewritten by strip.
if command -v strip >/dev/null; then
  find "$bundle/_internal" \( -name 'libpython3*.so*' -o -path '*/lib-dynload/*.so' \) -type f \
    -exec strip --strip-debug {} +
fi
"$bundle/facilitator-app" --version
size_kib=$(du -sk "$bundle" | cut -f1)
files=$(find "$bundle" -type f | wc -l)
say "bundle: ${bundle#"$root"/} is $((size_kib / 1024)) MiB in $files files"

# 4. The .deb.
if [ "$make_deb" = 1 ]; then
  command -v dpkg-deb >/dev/null || { echo "build.sh: dpkg-deb is missing (Debian's dpkg); use --no-deb for the bundle only" >&2; exit 1; }
  arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
  package=workshop-facilitator
  stage="$build/deb/${package}_${version}_${arch}"
  rm -rf "$stage"
  mkdir -p "$stage/DEBIAN" "$stage/usr/lib" "$stage/usr/bin" "$stage/usr/share/applications" \
    "$stage/usr/share/mime/packages" "$stage/usr/share/icons" "$stage/usr/share/doc/$package"
  cp -a "$bundle" "$stage/usr/lib/$package"
  ln -s "../lib/$package/facilitator-app" "$stage/usr/bin/facilitator-app"
  install -m 644 "$root/resources/linux/workshop-facilitator.desktop" "$stage/usr/share/applications/"
  install -m 644 "$root/resources/linux/workshop-facilitator.xml" "$stage/usr/share/mime/packages/"
  cp -a "$build/icons/hicolor" "$stage/usr/share/icons/"
  {
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: Workshop Facilitator"
    echo
    echo "Files: *"
    echo "License: MIT"
    sed 's/^$/./; s/^/ /' "$root/LICENSE"
  } >"$stage/usr/share/doc/$package/copyright"
  {
    echo "$package ($version) unstable; urgency=medium"
    echo
    echo "  * Release $version: see the README in the source for what it does."
    echo
    echo " -- Workshop Facilitator contributors <noreply@workshop-facilitator.invalid>  $(date -R)"
  } | gzip -9n >"$stage/usr/share/doc/$package/changelog.gz"
  find "$stage/usr" -type d -exec chmod 755 {} +
  # Shared libraries need not be executable (lintian: shared-library-is-executable).
  find "$stage/usr/lib/$package/_internal" -type f -name '*.so*' -exec chmod 644 {} +
  installed_kib=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
  # The bundle carries Qt and Python; the system provides the X11/Wayland, OpenGL and font
  # libraries Qt loads. The MIME, menu and icon caches are refreshed by dpkg triggers of
  # shared-mime-info, desktop-file-utils and the icon theme, so no maintainer scripts are needed.
  cat >"$stage/DEBIAN/control" <<CONTROL
Package: $package
Version: $version
Architecture: $arch
Maintainer: Workshop Facilitator contributors <noreply@workshop-facilitator.invalid>
Installed-Size: $installed_kib
Depends: libc6 (>= 2.28), libegl1, libgl1, libfontconfig1, libfreetype6, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libglib2.0-0t64 | libglib2.0-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0, libxcb-randr0, libxcb-xfixes0, libxcb-xkb1
Recommends: shared-mime-info, desktop-file-utils, hicolor-icon-theme
Section: misc
Priority: optional
Description: offline desktop app for stakeholder workshops
 Facilitators set up the event and hand a copy of the event file to every
 table; scribes type their table's points offline, each under a question and
 a theme; the table files are merged into one event file and turned into a
 consolidated Word report. Every point is on disk the moment it is typed.
CONTROL
  deb="$dist/${package}_${version}_${arch}.deb"
  rm -f "$deb"
  # xz level 1: within 10% of the best size at a tenth of the time (seconds, not minutes, on 2 cores)
  dpkg-deb --root-owner-group -Zxz -z1 --build "$stage" "$deb" >/dev/null
  say "package: ${deb#"$root"/} is $(( $(stat -c %s "$deb") / 1024 / 1024 )) MiB"
  say "install it with: sudo apt install ./${deb#"$root"/}"
fi
say "done in $(( $(date +%s) - started )) s"
