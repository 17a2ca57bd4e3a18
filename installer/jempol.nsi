; Jempol installer (NSIS 3, Modern UI 2, Unicode, 64-bit).
;
; Per-user install without administrator rights into %LOCALAPPDATA%\Programs\Jempol.
; The user's data (%LOCALAPPDATA%\Jempol) is never touched by an install or an
; upgrade, and is kept by the uninstaller unless asked for ("/REMOVEDATA").
;
; Build (Linux or Windows; paths are relative to this file):
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 installer/jempol.nsi
; or simply: python installer/make_installer.py   (reads the version from pyproject.toml)
; Optional defines: -DBUNDLE_DIR=<PyInstaller one-folder bundle> (default ../dist/jempol)
;                   -DOUTDIR=<folder for the setup exe>          (default ../dist)
;                   -DCOMPRESSOR=zlib                            (default "/SOLID lzma")
;
; Silent use (see docs/installer.md):
;   jempol-<version>-setup.exe /S [/NODESKTOP] [/NOTASK] [/D=C:\other\folder]
;   "%LOCALAPPDATA%\Programs\Jempol\uninstall.exe" /S [/REMOVEDATA]

Unicode true
Target amd64-unicode
!ifndef COMPRESSOR
  !define COMPRESSOR "/SOLID lzma"  ; -DCOMPRESSOR=zlib builds much faster (for checks)
!endif
SetCompressor ${COMPRESSOR}
ManifestDPIAware true
RequestExecutionLevel user

!ifndef VERSION
  !error "Pass the version: makensis -DVERSION=x.y.z (python installer/make_installer.py does)"
!endif
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif
!ifndef BUNDLE_DIR
  !define BUNDLE_DIR "../dist/jempol"
!endif
!ifndef OUTDIR
  !define OUTDIR "../dist"
!endif

!define APP_NAME "Jempol"
!define PUBLISHER "Disdukcapil Kutai Kartanegara"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Jempol"
!define TASK_NAME "Jempol Sync"
!define DATA_DIR "$LOCALAPPDATA\Jempol"
!define DEMO_DIR "$LOCALAPPDATA\Jempol-demo"
!define EXIT_APP_RUNNING 3

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTDIR}/jempol-${VERSION}-setup.exe"
InstallDir "$LOCALAPPDATA\Programs\Jempol"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} ${VERSION} setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "(c) ${PUBLISHER}. MIT License."

; ---------------------------------------------------------------- pages
!define MUI_ICON "../resources/icons/jempol.ico"
!define MUI_UNICON "../resources/icons/jempol.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\jempol.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default: Bahasa Indonesia.
!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

LangString NAME_SEC_DESKTOP ${LANG_INDONESIAN} "Pintasan desktop"
LangString NAME_SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString NAME_SEC_TASK ${LANG_INDONESIAN} "Sinkronisasi otomatis"
LangString NAME_SEC_TASK ${LANG_ENGLISH} "Automatic sync"
LangString NAME_SEC_UN_APP ${LANG_INDONESIAN} "Program Jempol"
LangString NAME_SEC_UN_APP ${LANG_ENGLISH} "Jempol program"
LangString NAME_SEC_UN_DATA ${LANG_INDONESIAN} "Data pengguna"
LangString NAME_SEC_UN_DATA ${LANG_ENGLISH} "User data"
LangString DESC_SEC_APP ${LANG_INDONESIAN} "Program Jempol dan pintasan di menu Start (wajib)."
LangString DESC_SEC_APP ${LANG_ENGLISH} "The Jempol program and its Start menu shortcut (required)."
LangString DESC_SEC_DESKTOP ${LANG_INDONESIAN} "Pintasan Jempol di desktop."
LangString DESC_SEC_DESKTOP ${LANG_ENGLISH} "A Jempol shortcut on the desktop."
LangString DESC_SEC_TASK ${LANG_INDONESIAN} "Sinkronisasi otomatis tiap 30 menit saat Anda masuk Windows (Task Scheduler)."
LangString DESC_SEC_TASK ${LANG_ENGLISH} "Sync automatically every 30 minutes while you are signed in (Task Scheduler)."
LangString DESC_SEC_UN_APP ${LANG_INDONESIAN} "Hapus program Jempol, pintasan dan tugas sinkronisasi. Data Anda tetap disimpan."
LangString DESC_SEC_UN_APP ${LANG_ENGLISH} "Remove the Jempol program, its shortcuts and the sync task. Your data is kept."
LangString DESC_SEC_UN_DATA ${LANG_INDONESIAN} "JUGA hapus semua data Jempol di laptop ini (permohonan, kunjungan, stok, log). Data yang belum tersinkron akan hilang!"
LangString DESC_SEC_UN_DATA ${LANG_ENGLISH} "ALSO delete all Jempol data on this laptop (requests, visits, stock, logs). Data not yet synced will be lost!"
LangString MSG_RUNNING ${LANG_INDONESIAN} "Jempol atau sinkronisasinya sedang berjalan. Tutup Jempol lalu klik Coba Lagi."
LangString MSG_RUNNING ${LANG_ENGLISH} "Jempol or its sync is running. Close Jempol, then click Retry."
LangString MSG_OLD_WINDOWS ${LANG_INDONESIAN} "Jempol memerlukan Windows 10 atau lebih baru."
LangString MSG_OLD_WINDOWS ${LANG_ENGLISH} "Jempol needs Windows 10 or later."
LangString MSG_TASK_FAILED ${LANG_INDONESIAN} "Tugas sinkronisasi otomatis tidak dapat dibuat; sinkronkan dari menu Jempol."
LangString MSG_TASK_FAILED ${LANG_ENGLISH} "The automatic sync task could not be created; sync from the Jempol menu."

; ---------------------------------------------------------------- shared helpers
; Fails (error flag) when $INSTDIR\<exe> exists and cannot be opened for writing:
; a running program keeps its exe locked.
!macro _CHECK_NOT_RUNNING un
Function ${un}CheckNotRunning
  retry:
  StrCpy $R9 ""
  ${If} ${FileExists} "$INSTDIR\jempol.exe"
    ClearErrors
    FileOpen $R8 "$INSTDIR\jempol.exe" a
    ${If} ${Errors}
      StrCpy $R9 "locked"
    ${Else}
      FileClose $R8
    ${EndIf}
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\jempol-sync.exe"
    ClearErrors
    FileOpen $R8 "$INSTDIR\jempol-sync.exe" a
    ${If} ${Errors}
      StrCpy $R9 "locked"
    ${Else}
      FileClose $R8
    ${EndIf}
  ${EndIf}
  ${If} $R9 == "locked"
    ${If} ${Silent}
      DetailPrint "$(MSG_RUNNING)"
      SetErrorLevel ${EXIT_APP_RUNNING}
      Quit
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(MSG_RUNNING)" IDRETRY retry
    Quit
  ${EndIf}
FunctionEnd
!macroend
!insertmacro _CHECK_NOT_RUNNING ""
!insertmacro _CHECK_NOT_RUNNING "un."

; ---------------------------------------------------------------- install
Section "Jempol" SEC_APP
  SectionIn RO
  SetShellVarContext current
  Call CheckNotRunning
  SetOutPath "$INSTDIR"
  ; Upgrade in place: drop the previous version's program files first, so no stale
  ; module survives. The user's data lives elsewhere (${DATA_DIR}) and is not touched.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\jempol.exe"
  Delete "$INSTDIR\jempol-sync.exe"
  File /r "${BUNDLE_DIR}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\Jempol.lnk" "$INSTDIR\jempol.exe" "" "$INSTDIR\jempol.exe" 0 \
    SW_SHOWNORMAL "" "Jempol - layanan jemput bola"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\jempol.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(NAME_SEC_DESKTOP)" SEC_DESKTOP
  SetShellVarContext current
  CreateShortcut "$DESKTOP\Jempol.lnk" "$INSTDIR\jempol.exe" "" "$INSTDIR\jempol.exe" 0 \
    SW_SHOWNORMAL "" "Jempol - layanan jemput bola"
SectionEnd

Section "$(NAME_SEC_TASK)" SEC_TASK
  ; Runs as the signed-in user, only while signed in: no password, no admin rights.
  nsExec::ExecToLog 'schtasks /Create /F /SC MINUTE /MO 30 /TN "${TASK_NAME}" /TR "\"$INSTDIR\jempol-sync.exe\" run"'
  Pop $0
  ${If} $0 != 0
    DetailPrint "$(MSG_TASK_FAILED) (schtasks: $0)"
  ${EndIf}
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SEC_APP} $(DESC_SEC_APP)
  !insertmacro MUI_DESCRIPTION_TEXT ${SEC_DESKTOP} $(DESC_SEC_DESKTOP)
  !insertmacro MUI_DESCRIPTION_TEXT ${SEC_TASK} $(DESC_SEC_TASK)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  ${IfNot} ${AtLeastWin10}
    ${IfNot} ${Silent}
      MessageBox MB_ICONSTOP "$(MSG_OLD_WINDOWS)"
    ${EndIf}
    SetErrorLevel 1
    Quit
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/NODESKTOP" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SEC_DESKTOP} 0
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/NOTASK" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SEC_TASK} 0
  ${EndIf}
FunctionEnd

; ---------------------------------------------------------------- uninstall
Section "un.$(NAME_SEC_UN_APP)" SEC_UN_APP
  SectionIn RO
  SetShellVarContext current
  Call un.CheckNotRunning
  nsExec::ExecToLog 'schtasks /Delete /F /TN "${TASK_NAME}"'
  Pop $0
  Delete "$SMPROGRAMS\Jempol.lnk"
  Delete "$DESKTOP\Jempol.lnk"
  ; Only what the installer put there: never a recursive delete of $INSTDIR itself.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\jempol.exe"
  Delete "$INSTDIR\jempol-sync.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd

Section /o "un.$(NAME_SEC_UN_DATA)" SEC_UN_DATA
  ${IfNot} ${Silent}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(DESC_SEC_UN_DATA)" IDYES +2
    Return
  ${EndIf}
  RMDir /r "${DATA_DIR}"
  RMDir /r "${DEMO_DIR}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SEC_UN_APP} $(DESC_SEC_UN_APP)
  !insertmacro MUI_DESCRIPTION_TEXT ${SEC_UN_DATA} $(DESC_SEC_UN_DATA)
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END

Function un.onInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEDATA" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SEC_UN_DATA} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
