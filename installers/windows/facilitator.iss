; Inno Setup 6 script for Workshop Facilitator (https://jrsoftware.org/isinfo.php).
;
; Built by installers/windows/build.ps1, which first bundles the app with PyInstaller, then runs
;   ISCC.exe /DAppVersion=0.1.0 /DBundleDir=..\dist\facilitator-app /DIconFile=..\build\icons\workshop-facilitator.ico facilitator.iss
; The other /D values have defaults below, relative to this script.
;
; What the installer does, for the user who runs it (no administrator rights, no UAC prompt):
; - installs the bundle in %LOCALAPPDATA%\Programs\Workshop Facilitator ({autopf} in
;   non administrative install mode);
; - adds a Start menu entry (and, if ticked, a desktop shortcut);
; - associates .workshop files with the app under HKCU\Software\Classes, so a double-click on a
;   workshop file runs `facilitator-app.exe "FILE"`;
; - registers an uninstaller in Settings > Apps. Uninstalling removes the program, the shortcuts,
;   the association and the app's settings (HKCU\Software\Workshop Facilitator) and lock cache,
;   and never touches workshop files: they live wherever people saved them, and the app's data
;   folder (%LOCALAPPDATA%\Workshop Facilitator, which holds the sample event a user may have
;   typed into) is removed only when empty.

#define AppName "Workshop Facilitator"
; The version has one source, pyproject.toml; build.ps1 reads it from the installed package.
#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z facilitator.iss (build.ps1 does)
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\facilitator-app"
#endif
#ifndef IconFile
  #define IconFile "..\build\icons\workshop-facilitator.ico"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#define AppExeName "facilitator-app.exe"
#define CliExeName "facilitator-cli.exe"
#define AppPublisher "Workshop Facilitator contributors"
#define ProgId "WorkshopFacilitator.workshop"
#define FileExtension ".workshop"

[Setup]
; AppId identifies the app across versions (upgrades replace, never duplicate): keep it fixed.
AppId={{6F1C5B9E-2D4A-4C7B-9E3F-8A1D2C4B5E60}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=Copyright (c) 2026 {#AppPublisher}
VersionInfoVersion={#AppVersion}
; Per-user install: no administrator rights are asked for, and none can be chosen.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; The bundle is 64-bit (PyInstaller with 64-bit Python).
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; Tell Explorer to refresh file type icons after install and uninstall.
ChangesAssociations=yes
; Ask a running copy of the app to close before files are replaced or removed.
CloseApplications=yes
RestartApplications=no
LicenseFile=..\..\LICENSE
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=WorkshopFacilitator-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller folder: both executables, _internal\ (Python, Qt, the resources).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle's internals wholesale, so no stale library of an older version
; is left next to the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "Capture, merge and report stakeholder workshops"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Registry]
; The .workshop extension's default is our ProgID, and OpenWithProgids lists us under "Open
; with"; a program the user picked (Explorer's UserChoice) still wins. All removed on
; uninstall.
Root: HKCU; Subkey: "Software\Classes\{#FileExtension}"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#FileExtension}"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-workshop-facilitator"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#FileExtension}\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
; The ProgID: the file type's name, icon and open command.
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Workshop file"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"",0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""
; "Open with" lists the app for .workshop files.
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExeName}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: "{#FileExtension}"; ValueData: ""
; The app's own settings (QSettings' registry store: preferences and window layout) go with it.
Root: HKCU; Subkey: "Software\Workshop Facilitator"; Flags: uninsdeletekeyifempty dontcreatekey
Root: HKCU; Subkey: "Software\Workshop Facilitator\Workshop Facilitator"; Flags: uninsdeletekey dontcreatekey
Root: HKCU; Subkey: "Software\Workshop Facilitator\Workshop Facilitator window-state"; Flags: uninsdeletekey dontcreatekey

[UninstallDelete]
; Caches the app made (lock files for folders it could not write to); never workshop files.
Type: filesandordirs; Name: "{localappdata}\facilitator-app"
; The data folder goes only if nothing is left in it (the sample event may hold someone's notes).
Type: dirifempty; Name: "{localappdata}\{#AppName}"

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
