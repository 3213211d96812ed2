#!/usr/bin/env bash
# Build Workshop Facilitator for macOS, from a clean clone, in one command (on a Mac):
#
#   installers/macos/build.sh
#
# Needs Python 3.11+ (python.org or Homebrew) as `python3`, and the Xcode command line tools
# (codesign, hdiutil, both part of macOS). Steps, like installers/linux/build.sh:
#   1. a virtualenv in installers/build/venv with the app and its `build` extra, from this tree;
#   2. the icons (installers/build/icons/workshop-facilitator.icns among them);
#   3. PyInstaller's BUNDLE: installers/dist/Workshop Facilitator.app, whose Info.plist declares
#      the .workshop document type (CFBundleDocumentTypes + UTExportedTypeDeclarations, see
#      installers/facilitator.spec), so Finder opens workshop files with it;
#   4. a disk image installers/dist/WorkshopFacilitator-VERSION.dmg holding the app and a link
#      to /Applications, for the usual drag-to-install.
#
# Environment: PYTHON (default python3); MACOS_SIGN_IDENTITY, a "Developer ID Application: …"
# identity to sign with (hardened runtime). Without it the app keeps PyInstaller's ad-hoc
# signature, which runs on the machine that built it; for other Macs sign it and notarise the
# .dmg (xcrun notarytool submit … --wait, then xcrun stapler staple).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$root/installers/build"
dist="$root/installers/dist"
venv="$build/venv"
app_name="Workshop Facilitator"
started=$(date +%s)
say() { echo "build.sh: $*"; }

[ "$(uname -s)" = Darwin ] || { echo "build.sh: this recipe runs on macOS" >&2; exit 2; }

# 1. The build environment.
if [ ! -x "$venv/bin/python" ]; then
  say "creating the build environment in installers/build/venv"
  "${PYTHON:-python3}" -m venv "$venv"
fi
say "installing the app and its build tools"
rm -rf "$root/build"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "$root[build]"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall "$root"
rm -rf "$root/build"
version="$("$venv/bin/python" -c 'import facilitator_app; print(facilitator_app.__version__)')"
say "version $version"

# 2. The icons.
rm -rf "$build/icons"
"$venv/bin/python" "$root/resources/icons/build_icons.py" "$build/icons"

# 3. The .app.
say "bundling with PyInstaller"
(
  cd "$root"
  FACILITATOR_ICON_DIR="$build/icons" "$venv/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath "$dist" --workpath "$build/pyinstaller" installers/facilitator.spec
)
app="$dist/$app_name.app"
"$app/Contents/MacOS/facilitator-app" --version
plutil -lint "$app/Contents/Info.plist"
/usr/libexec/PlistBuddy -c "Print :UTExportedTypeDeclarations:0:UTTypeIdentifier" "$app/Contents/Info.plist"
say "bundle: $(du -sh "$app" | cut -f1) in ${app#"$root"/}"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  say "signing with $MACOS_SIGN_IDENTITY"
  codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
fi

# 4. The disk image: the app beside a link to /Applications.
stage="$build/dmg"
dmg="$dist/WorkshopFacilitator-$version.dmg"
rm -rf "$stage" "$dmg"
mkdir -p "$stage"
ditto "$app" "$stage/$app_name.app"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "$app_name $version" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"
hdiutil verify "$dmg"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
fi
say "disk image: ${dmg#"$root"/} ($(du -h "$dmg" | cut -f1))"
say "done in $(( $(date +%s) - started )) s"
