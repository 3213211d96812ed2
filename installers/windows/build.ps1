# Build the Windows installer for Workshop Facilitator, from a clean clone, in one command:
#
#   powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1
#
# Needs: Python 3.11+ (64-bit) as `py -3` or `python`, and Inno Setup 6 (ISCC.exe on the PATH,
# or in its default folder). Steps, like installers/linux/build.sh:
#   1. a virtualenv in installers\build\venv with the app and its `build` extra (PyInstaller,
#      Pillow), installed from this tree;
#   2. the icons (installers\build\icons\workshop-facilitator.ico among them);
#   3. the PyInstaller bundle in installers\dist\facilitator-app\ (facilitator-app.exe, the
#      windowed app, and facilitator-cli.exe, the same program for a terminal);
#   4. the installer installers\dist\WorkshopFacilitator-VERSION-setup.exe (Inno Setup, per-user,
#      no administrator rights).
[CmdletBinding()]
param(
    [string]$Python = "",
    [string]$Iscc = ""
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
$Build = Join-Path $Root "installers\build"
$Dist = Join-Path $Root "installers\dist"
$Venv = Join-Path $Build "venv"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$Started = Get-Date

function Say([string]$Message) { Write-Host "build.ps1: $Message" }
function Invoke-Checked([string]$Program, [string[]]$Arguments) {
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Program failed with exit code $LASTEXITCODE" }
}

# 1. The build environment.
if (-not (Test-Path $VenvPython)) {
    Say "creating the build environment in installers\build\venv"
    if ($Python) { Invoke-Checked $Python @("-m", "venv", $Venv) }
    elseif (Get-Command py -ErrorAction SilentlyContinue) { Invoke-Checked "py" @("-3", "-m", "venv", $Venv) }
    else { Invoke-Checked "python" @("-m", "venv", $Venv) }
}
Say "installing the app and its build tools"
$SetuptoolsScratch = Join-Path $Root "build"
if (Test-Path $SetuptoolsScratch) { Remove-Item -Recurse -Force $SetuptoolsScratch }
Invoke-Checked $VenvPython @("-m", "pip", "install", "-q", "--disable-pip-version-check", "${Root}[build]")
Invoke-Checked $VenvPython @("-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps", "--force-reinstall", $Root)
if (Test-Path $SetuptoolsScratch) { Remove-Item -Recurse -Force $SetuptoolsScratch }
$Version = (& $VenvPython -c "import facilitator_app; print(facilitator_app.__version__)").Trim()
Say "version $Version"

# 2. The icons.
$Icons = Join-Path $Build "icons"
if (Test-Path $Icons) { Remove-Item -Recurse -Force $Icons }
Invoke-Checked $VenvPython @((Join-Path $Root "resources\icons\build_icons.py"), $Icons)

# 3. The bundle.
Say "bundling with PyInstaller"
$env:FACILITATOR_ICON_DIR = $Icons
Push-Location $Root
try {
    Invoke-Checked (Join-Path $Venv "Scripts\pyinstaller.exe") @(
        "--noconfirm", "--log-level", "WARN",
        "--distpath", $Dist, "--workpath", (Join-Path $Build "pyinstaller"),
        "installers\facilitator.spec")
} finally { Pop-Location }
$Bundle = Join-Path $Dist "facilitator-app"
Invoke-Checked (Join-Path $Bundle "facilitator-cli.exe") @("--version")
$Size = (Get-ChildItem -Recurse -File $Bundle | Measure-Object -Property Length -Sum).Sum
Say ("bundle: installers\dist\facilitator-app is {0:N0} MiB" -f ($Size / 1MB))

# 4. The installer.
if (-not $Iscc) {
    $Found = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    if ($Found) { $Iscc = $Found.Source }
    else {
        foreach ($Candidate in @(
                "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
                "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")) {
            if (Test-Path $Candidate) { $Iscc = $Candidate; break }
        }
    }
}
if (-not $Iscc) { throw "Inno Setup 6 was not found: install it (https://jrsoftware.org/isdl.php) or pass -Iscc PATH" }
Say "making the installer with $Iscc"
Invoke-Checked $Iscc @(
    "/Q",
    "/DAppVersion=$Version",
    "/DBundleDir=$Bundle",
    "/DIconFile=$(Join-Path $Icons 'workshop-facilitator.ico')",
    "/DOutputDir=$Dist",
    (Join-Path $PSScriptRoot "facilitator.iss"))
$Setup = Join-Path $Dist "WorkshopFacilitator-$Version-setup.exe"
Say ("installer: {0} is {1:N0} MiB" -f $Setup, ((Get-Item $Setup).Length / 1MB))
Say ("done in {0:N0} s" -f ((Get-Date) - $Started).TotalSeconds)
