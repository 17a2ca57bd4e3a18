"""Fill the Indonesian (and English plural) translations into the Qt .ts files.

Workflow after changing UI strings::

    .venv/bin/python -m app.i18n update      # pyside6-lupdate: new sources appear
    .venv/bin/python tools/fill_translations.py   # fills them from the tables below
    .venv/bin/python -m app.i18n build       # pyside6-lrelease: .qm files

A source missing from ``ID`` is reported and left "unfinished" (the test
``tests/ui/test_translations.py`` then fails), so nothing ships half-translated.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"

# Source (English) -> Indonesian, as a Disdukcapil officer would say it.
ID: dict[str, str] = {
    # lists, history
    "Request history": "Riwayat permohonan",
    "created": "dibuat",
    "changed": "diubah",
    "cancelled": "dibatalkan",
    "Revision": "Revisi",
    "Time": "Waktu",
    "Action": "Tindakan",
    "Changes": "Perubahan",
    "Close": "Tutup",
    # main window
    "Today": "Hari ini",
    "All requests": "Semua permohonan",
    "Blank e-KTP cards": "Blanko KTP-el",
    "Daily summary": "Ringkasan harian",
    "&File": "&Berkas",
    "&Settings…": "&Pengaturan…",
    "&Quit": "&Keluar",
    "&Visit": "&Kunjungan",
    "&Start visit…": "&Mulai kunjungan…",
    "&End visit": "&Akhiri kunjungan",
    "&Request": "&Permohonan",
    "&Next resident": "&Warga berikutnya",
    "&Save": "&Simpan",
    "&Edit selected": "&Ubah yang dipilih",
    "&Cancel selected…": "&Batalkan yang dipilih…",
    "&History of selected…": "&Riwayat yang dipilih…",
    "S&ync": "Si&nkronisasi",
    "&Help": "Ban&tuan",
    "&About Jempol": "&Tentang Jempol",
    "Select a request in the list first.": "Pilih dulu permohonan di daftar.",
    "End visit": "Akhiri kunjungan",
    "End the visit? New requests need a new visit afterwards.": (
        "Akhiri kunjungan? Permohonan baru sesudahnya memerlukan kunjungan baru."
    ),
    "Back": "Kembali",
    "Visit ended.": "Kunjungan selesai.",
    # Help menu (app/ui/help_actions.py)
    "Export &diagnostics…": "Ekspor &diagnostik…",
    "Export diagnostics": "Ekspor diagnostik",
    "Zip files (*.zip)": "Berkas zip (*.zip)",
    "Preparing the diagnostics file…": "Menyiapkan berkas diagnostik…",
    "Diagnostics saved to %1. Send this file to the support team; it holds no NIK, "
    "KK or resident names.": (
        "Diagnostik disimpan di %1. Kirim berkas ini ke tim dukungan; isinya tanpa NIK, "
        "KK atau nama warga."
    ),
    "The diagnostics file could not be written to %1: %2": (
        "Berkas diagnostik tidak dapat ditulis ke %1: %2"
    ),
    "Data folder: %1": "Folder data: %1",
    "Region data: source and licence": "Data wilayah: sumber dan lisensi",
    "The licence notice of the region data (%1) is missing.": (
        "Keterangan lisensi data wilayah (%1) tidak ditemukan."
    ),
    # first-run wizard (app/ui/setup_wizard.py)
    "Welcome to Jempol": "Selamat datang di Jempol",
    "There is no officer profile on this laptop yet. How do you want to start?": (
        "Belum ada profil petugas di laptop ini. Bagaimana Anda ingin memulai?"
    ),
    "Try the demo": "Coba demo",
    "Practise with made-up residents in a separate demo folder.": (
        "Berlatih dengan data warga rekaan di folder demo tersendiri."
    ),
    "Connect to the server": "Sambungkan ke server",
    "Register this laptop with the Disdukcapil server using your officer account, "
    "then fill in your profile.": (
        "Daftarkan laptop ini ke server Disdukcapil dengan akun petugas Anda, lalu isi profil Anda."
    ),
    "Fill in the profile only (no server)": "Isi profil saja (tanpa server)",
    "Work offline now; the server can be set up later in the Sync menu.": (
        "Bekerja offline sekarang; server dapat diatur nanti di menu Sinkronisasi."
    ),
    "Connect": "Sambungkan",
    "Preparing the demo data in %1…": "Menyiapkan data demo di %1…",
    "Demo data in %1. Next time, sign in as %2 (NIP %3) with the password %4.": (
        "Data demo ada di %1. Lain kali, masuk sebagai %2 (NIP %3) dengan kata sandi %4."
    ),
    "The demo data could not be prepared in %1: %2": "Data demo tidak dapat disiapkan di %1: %2",
    "Not connected: %1": "Belum tersambung: %1",
    "Request loaded into the form.": "Permohonan dimuat ke formulir.",
    "This request is already cancelled.": "Permohonan ini sudah dibatalkan.",
    "Cancel request": "Batalkan permohonan",
    "Why is the request of %1 cancelled?": "Mengapa permohonan %1 dibatalkan?",
    "Cancel the request": "Batalkan permohonan",
    "Not cancelled": "Tidak dibatalkan",
    "Request cancelled.": "Permohonan dibatalkan.",
    "About Jempol": "Tentang Jempol",
    "Jempol %1: recording outreach (jemput bola) services of Disdukcapil Kutai "
    "Kartanegara, offline first.": (
        "Jempol %1: pencatatan layanan jemput bola Disdukcapil Kutai Kartanegara, "
        "tetap jalan tanpa sinyal."
    ),
    "No visit in progress": "Tidak ada kunjungan berjalan",
    "Visit: %1, %2 (%3)": "Kunjungan: %1, %2 (%3)",
    "Blank cards: %n": "Blanko: %n",
    "%n change(s) waiting for sync": "%n perubahan menunggu sinkronisasi",
    # profile
    "Officer profile": "Profil petugas",
    "Welcome to Jempol. Enter your profile once; the offline password protects the data "
    "on this laptop.": (
        "Selamat datang di Jempol. Isi profil Anda sekali saja; kata sandi luring "
        "melindungi data di laptop ini."
    ),
    "18 digits": "18 angka",
    "e.g. Tim Jemput Bola 1": "contoh: Tim Jemput Bola 1",
    "Full name": "Nama lengkap",
    "NIP": "NIP",
    "Team": "Tim",
    "District (kecamatan)": "Kecamatan",
    "Offline password": "Kata sandi luring",
    "Repeat password": "Ulangi kata sandi",
    "Save": "Simpan",
    "Cancel": "Batal",
    "Full name: type your name as on your civil-servant card.": (
        "Nama lengkap: ketik nama Anda sesuai kartu pegawai."
    ),
    "NIP: type the 18 digits of your NIP (digits only).": (
        "NIP: ketik 18 angka NIP Anda (angka saja)."
    ),
    "Team: type the name of your outreach team.": "Tim: ketik nama tim jemput bola Anda.",
    "Offline password: use at least %n characters.": (
        "Kata sandi luring: gunakan minimal %n karakter."
    ),
    "Repeat password: type the same password twice.": (
        "Ulangi kata sandi: ketik kata sandi yang sama dua kali."
    ),
    # reason dialog
    "OK": "OK",
    # request form
    "16 digits": "16 angka",
    "16 digits of the family card": "16 angka nomor Kartu Keluarga",
    "Full name as on the KK": "Nama lengkap sesuai KK",
    "DD-MM-YYYY": "HH-BB-TTTT",
    "L - Male": "L - Laki-laki",
    "P - Female": "P - Perempuan",
    "Street, house number, hamlet": "Jalan, nomor rumah, dusun",
    "RT": "RT",
    "RW": "RW",
    "e.g. 0812 3456 7890": "contoh: 0812 3456 7890",
    "e-KTP already recorded": "Sudah rekam KTP-el",
    "Notes (needed when the reason is 'Other')": "Catatan (wajib bila alasannya 'Lainnya')",
    "Use NIK data": "Pakai data NIK",
    "Fill birth date and sex from the NIK": "Isi tanggal lahir dan jenis kelamin dari NIK",
    "NIK": "NIK",
    "KK number": "Nomor KK",
    "Name": "Nama",
    "Birth date": "Tanggal lahir",
    "Sex": "Jenis kelamin",
    "Marital status": "Status perkawinan",
    "Address": "Alamat",
    "RT / RW": "RT / RW",
    "Phone": "Nomor HP",
    "Service": "Layanan",
    "Status": "Status",
    "Pending reason": "Alasan tertunda",
    "Notes": "Catatan",
    "Village (desa/kelurahan)": "Desa/kelurahan",
    "Save (Enter)": "Simpan (Enter)",
    "Next resident (Ctrl+N)": "Warga berikutnya (Ctrl+N)",
    "No visit in progress: start a visit first.": (
        "Tidak ada kunjungan berjalan: mulai kunjungan dulu."
    ),
    "%n digit(s) typed": "%n angka diketik",
    "male": "laki-laki",
    "female": "perempuan",
    "From the NIK: born %1, %2, registered in %3": ("Menurut NIK: lahir %1, %2, terdaftar di %3"),
    "Birth date: write it as DD-MM-YYYY, e.g. 17-08-1990 (check day and month).": (
        "Tanggal lahir: tulis sebagai HH-BB-TTTT, contoh 17-08-1990 (periksa tanggal dan bulannya)."
    ),
    "Confirmed: %1": "Dikonfirmasi: %1",
    "This request was cancelled and can no longer be changed.": (
        "Permohonan ini sudah dibatalkan dan tidak bisa diubah lagi."
    ),
    "Editing %1 (revision %2); saving makes revision %3.": (
        "Mengubah data %1 (revisi %2); menyimpan akan membuat revisi %3."
    ),
    "Start a visit before recording requests.": "Mulai kunjungan dulu sebelum mencatat permohonan.",
    "Data differs from the NIK": "Data berbeda dengan NIK",
    "Check the documents again. If the register was corrected, type the reason (e.g. "
    "'birth date corrected by court order'):": (
        "Periksa lagi dokumennya. Jika data di register memang sudah dikoreksi, ketik "
        "alasannya (contoh: 'tanggal lahir dikoreksi berdasarkan penetapan pengadilan'):"
    ),
    "Save with this reason": "Simpan dengan alasan ini",
    "Saved: %1 (revision %2).": "Tersimpan: %1 (revisi %2).",
    "Not saved": "Tidak tersimpan",
    "village hall": "balai desa",
    "school": "sekolah",
    "house call": "kunjungan rumah",
    "other site": "lokasi lain",
    # request lists
    "Edit": "Ubah",
    "Cancel request…": "Batalkan permohonan…",
    "History…": "Riwayat…",
    "NIK (16 digits) or the start of a name": "NIK (16 angka) atau awal nama",
    "All villages": "Semua desa/kelurahan",
    "All services": "Semua layanan",
    "All statuses": "Semua status",
    "All": "Semua",
    "Returned for correction": "Dikembalikan untuk perbaikan",
    "Rejected": "Ditolak",
    "%n request(s)": "%n permohonan",
    " (%1 loaded; scroll for more)": " (%1 dimuat; gulir untuk melihat lebih banyak)",
    # table model
    "returned for correction": "dikembalikan untuk perbaikan",
    "approved": "disetujui",
    "rejected": "ditolak",
    "not sent yet": "belum terkirim",
    "sent": "terkirim",
    "received by server": "diterima server",
    "Returned by the supervisor": "Dikembalikan oleh pengawas",
    "Rejected by the supervisor": "Ditolak oleh pengawas",
    "Refused by the server": "Ditolak oleh server",
    "Date": "Tanggal",
    "Village": "Desa/kelurahan",
    "Sync": "Sinkronisasi",
    "Cancelled": "Dibatalkan",
    # settings
    "Settings": "Pengaturan",
    "A new language is used from the next start of Jempol.": (
        "Bahasa baru dipakai mulai Jempol dibuka berikutnya."
    ),
    "Language": "Bahasa",
    # stock
    "e.g. handover letter number": "contoh: nomor berita acara serah terima",
    "Record receipt": "Catat penerimaan",
    "e.g. printer jam, faded print": "contoh: printer macet, cetakan pudar",
    "Record spoiled cards": "Catat blanko rusak",
    "Cards received": "Blanko diterima",
    "Quantity": "Jumlah",
    "Note": "Catatan",
    "Spoiled prints": "Cetakan rusak",
    "Saving an e-KTP printing or replacement as 'done' uses one blank card automatically.": (
        "Menyimpan pencetakan atau penggantian KTP-el dengan status 'selesai' otomatis "
        "memakai satu blanko."
    ),
    "Blank e-KTP cards in hand": "Blanko KTP-el yang dibawa",
    "%n card(s)": "%n lembar",
    "Blank cards are running low (%n left): ask the office for more before the next "
    "visit.": "Blanko hampir habis (sisa %n lembar): minta tambahan ke kantor sebelum "
    "kunjungan berikutnya.",
    "Stock updated.": "Stok diperbarui.",
    # summary
    "Whole day": "Sepanjang hari",
    "Current visit only": "Kunjungan ini saja",
    "Day": "Hari",
    "No visit in progress.": "Tidak ada kunjungan berjalan.",
    "%n request(s) in total": "Total %n permohonan",
    "Total": "Total",
    # visit dialog
    "Start a visit": "Mulai kunjungan",
    "Type to search the village": "Ketik untuk mencari desa/kelurahan",
    "Village hall (balai desa)": "Balai desa",
    "School": "Sekolah",
    "House call (elderly/disabled)": "Kunjungan rumah (lansia/disabilitas)",
    "Other": "Lainnya",
    "Where exactly (needed for 'Other')": "Lokasi tepatnya (wajib untuk 'Lainnya')",
    "Inland (river/land)": "Darat/pedalaman",
    "Coastal": "Pesisir",
    "e.g. -0.4310": "contoh: -0.4310",
    "e.g. 116.9880": "contoh: 116.9880",
    "Names separated by commas": "Nama, dipisah koma",
    "Site": "Lokasi layanan",
    "Site note": "Keterangan lokasi",
    "Area": "Wilayah",
    "GPS latitude, longitude (optional)": "GPS lintang, bujur (boleh kosong)",
    "Team members": "Anggota tim",
    "Start visit": "Mulai kunjungan",
    "Village: choose a desa/kelurahan of this district from the list.": (
        "Desa/kelurahan: pilih desa/kelurahan di kecamatan ini dari daftar."
    ),
    "Site note: say where the service takes place.": (
        "Keterangan lokasi: sebutkan tempat layanan dilakukan."
    ),
    "GPS: type both latitude (-90 to 90) and longitude (-180 to 180) as decimal degrees, "
    "e.g. -0.4310 and 116.9880, or leave both empty.": (
        "GPS: ketik lintang (-90 sampai 90) dan bujur (-180 sampai 180) dalam derajat "
        "desimal, contoh -0.4310 dan 116.9880, atau kosongkan keduanya."
    ),
    # sign in
    "Sign in": "Masuk",
    "Quit": "Keluar",
    "Password: wrong password. Type the offline password chosen at the first start.": (
        "Kata sandi salah: ketik kata sandi luring yang dibuat saat pertama kali memakai Jempol."
    ),
    # shared widgets
    "All districts": "Semua kecamatan",
    # supervisor workspace (app/ui/supervisor)
    "Sign in as supervisor": "Masuk sebagai supervisor",
    "Supervisors and admins review the synced data on the central server. Sign in with "
    "your server account.": (
        "Supervisor dan admin memeriksa data yang sudah disinkronkan di server pusat. Masuk "
        "dengan akun server Anda."
    ),
    "Server address": "Alamat server",
    "User name": "Nama pengguna",
    "Password": "Kata sandi",
    "Server address: type the address of the Jempol server, e.g. https://jempol.kukarkab.go.id": (
        "Alamat server: ketik alamat server Jempol, contoh https://jempol.kukarkab.go.id"
    ),
    "User name: type your supervisor user name.": (
        "Nama pengguna: ketik nama pengguna supervisor Anda."
    ),
    "Password: type your server password.": "Kata sandi: ketik kata sandi server Anda.",
    "Signing in…": "Sedang masuk…",
    "Inbox: synced batches": "Kotak masuk: batch yang sudah disinkronkan",
    "Received between": "Diterima antara",
    "All batches": "Semua batch",
    "New": "Baru",
    "In review": "Sedang diperiksa",
    "Done": "Selesai",
    "Officer": "Petugas",
    "State": "Keadaan",
    "Received": "Diterima",
    "Villages": "Desa/kelurahan",
    "Records": "Data",
    "Pending": "Menunggu",
    "Approved": "Disetujui",
    "Returned": "Dikembalikan",
    "Visit date": "Tanggal kunjungan",
    "Rev.": "Rev.",
    "Review": "Pemeriksaan",
    "Flags": "Tanda",
    "pending": "menunggu",
    "returned": "dikembalikan",
    "new": "baru",
    "in review": "sedang diperiksa",
    "done": "selesai",
    "duplicate (other team)": "ganda (tim lain)",
    "duplicate within 30 days": "ganda dalam 30 hari",
    "NIK region elsewhere": "wilayah NIK di tempat lain",
    "not eligible": "tidak memenuhi syarat",
    "laptop clock off": "jam laptop tidak tepat",
    "All records": "Semua data",
    "NIK or name…": "NIK atau nama…",
    "Approve all clean": "Setujui semua yang bersih",
    "Approve every pending record of the batch without flags or warnings": (
        "Setujui semua data batch ini yang masih menunggu dan tanpa tanda atau peringatan"
    ),
    "Keys: A approve · R return · X reject · J/K or ↓/↑ next/previous": (
        "Tombol: A setujui · R kembalikan · X tolak · J/K atau ↓/↑ berikutnya/sebelumnya"
    ),
    "&Refresh": "&Muat ulang",
    "Re&view": "Pe&meriksaan",
    "&Approve": "&Setujui",
    "&Return for correction…": "&Kembalikan untuk perbaikan…",
    "Re&ject…": "&Tolak…",
    "&Next record": "Data &berikutnya",
    "&Previous record": "Data s&ebelumnya",
    "Approve all &clean…": "Setujui semua yang &bersih…",
    "all districts": "semua kecamatan",
    "admin": "admin",
    "supervisor": "supervisor",
    "Signed in as %1 (%2, %3) at %4": "Masuk sebagai %1 (%2, %3) di %4",
    "The session has ended. Sign in again.": "Sesi sudah berakhir. Masuk lagi.",
    "Talking to the server…": "Menghubungi server…",
    "%n batch(es)": "%n batch",
    "%n record(s) in this batch": "%n data dalam batch ini",
    "That was the last record of the list.": "Itu data terakhir di daftar.",
    "Select a record first.": "Pilih dulu data di daftar.",
    "Select a batch first.": "Pilih dulu batch di kotak masuk.",
    "Decision saved: %1.": "Keputusan tersimpan: %1.",
    "Return for correction": "Kembalikan untuk perbaikan",
    "What must the officer correct? The officer sees this comment.": (
        "Apa yang harus diperbaiki petugas? Petugas akan membaca komentar ini."
    ),
    "Return": "Kembalikan",
    "Reject record": "Tolak data",
    "Why is the record rejected? The officer sees this reason.": (
        "Mengapa data ini ditolak? Petugas akan membaca alasan ini."
    ),
    "Reject": "Tolak",
    "Approve every pending record of this batch that has no flags and no warnings? "
    "(%1 pending). Flagged records stay pending for a look.": (
        "Setujui semua data batch ini yang masih menunggu dan tanpa tanda maupun peringatan? "
        "(%1 menunggu). Data yang bertanda tetap menunggu untuk diperiksa."
    ),
    "Approve": "Setujui",
    "%1 approved, %2 left for a closer look.": (
        "%1 disetujui, %2 disisakan untuk diperiksa lebih teliti."
    ),
    "Birth date (from NIK)": "Tanggal lahir (dari NIK)",
    "Sex (from NIK)": "Jenis kelamin (dari NIK)",
    "Region (from NIK)": "Wilayah (dari NIK)",
    "Cancel reason": "Alasan pembatalan",
    "Correction reason": "Alasan koreksi",
    "Officer NIP": "NIP petugas",
    "Created": "Dibuat",
    "Last changed": "Terakhir diubah",
    "yes": "ya",
    "no": "tidak",
    "Field": "Isian",
    "Before": "Sebelum",
    "After": "Sesudah",
    "By": "Oleh",
    "Decision": "Keputusan",
    "Comment": "Komentar",
    "Data and revisions": "Data dan revisi",
    "Decisions": "Keputusan",
    "Select a record to review it.": "Pilih data untuk memeriksanya.",
    "Review: %1 · revision %2": "Pemeriksaan: %1 · revisi %2",
    "No flags or warnings.": "Tanpa tanda atau peringatan.",
    "Revision %1": "Revisi %1",
}

# English plural forms (one, other) for the %n sources; everything else is the source.
# Supervisor dashboard and export.
DASHBOARD_ID = {
    "District": "Kecamatan",
    "Refresh": "Muat ulang",
    "Export image…": "Ekspor gambar…",
    "From": "Dari",
    "to": "sampai",
    "Requests per day": "Permohonan per hari",
    "Requests per service": "Permohonan per layanan",
    "Records waiting for review, by age (days)": "Data menunggu tinjauan, menurut umur (hari)",
    "e-KTP recording coverage of the target list (%)": "Cakupan perekaman KTP-el dari daftar sasaran (%)",
    "Blank e-KTP cards on hand per team": "Sisa blanko KTP-el per tim",
    "Whole dashboard": "Seluruh dasbor",
    "Loading the dashboard…": "Memuat dasbor…",
    "all": "semua",
    "%1 to %2 · district: %3 · %4 request(s) · %5 waiting for review · %6 of %7 target resident(s) served": "%1 s.d. %2 · kecamatan: %3 · %4 permohonan · %5 menunggu tinjauan · %6 dari %7 warga sasaran terlayani",
    "Requests": "Permohonan",
    "Waiting": "Menunggu",
    "Coverage": "Cakupan",
    "Target %1%": "Target %1%",
    "Cards": "Blanko",
    "Export image": "Ekspor gambar",
    "PNG image (*.png)": "Gambar PNG (*.png)",
    "Image saved: %1": "Gambar tersimpan: %1",
    "The image could not be saved to %1. Choose another folder.": "Gambar tidak dapat disimpan ke %1. Pilih folder lain.",
    "Export records": "Ekspor data",
    "Excel workbook (*.xlsx)": "Buku kerja Excel (*.xlsx)",
    "CSV file (*.csv)": "Berkas CSV (*.csv)",
    "Exporting records…": "Mengekspor data…",
    "Cancel": "Batal",
    "Exporting records… %1 of %2": "Mengekspor data… %1 dari %2",
    "The file could not be written (%1). Choose another folder.": "Berkas tidak dapat ditulis (%1). Pilih folder lain.",
    "&Export records (XLSX/CSV)…": "&Ekspor data (XLSX/CSV)…",
    "%1 record(s) exported to %2.": "%1 data diekspor ke %2.",
    "Dashboard": "Dasbor",
    "Review": "Tinjauan",
}
ID.update(DASHBOARD_ID)

# Target lists on the field laptop (app/ui/target_picker.py, targets_panel.py, target_models.py)
TARGETS_ID: dict[str, str] = {
    "Targets": "Sasaran",
    "&Pick from the target list…": "&Pilih dari daftar sasaran…",
    "Pick from the target list (F4)": "Pilih dari daftar sasaran (F4)",
    "From the target list: %1. Check the documents, then save.": (
        "Dari daftar sasaran: %1. Periksa dokumennya, lalu simpan."
    ),
    "Target list: %1": "Daftar sasaran: %1",
    "Type a name or NIK to filter": "Ketik nama atau NIK untuk menyaring",
    "Use this resident (Enter)": "Pakai warga ini (Enter)",
    "%n resident(s) still to serve": "%n warga belum dilayani",
    "Nobody on the list matches.": "Tidak ada warga di daftar yang cocok.",
    "Nobody left on this village's target list (or not synced yet).": (
        "Tidak ada lagi warga sasaran di desa ini (atau belum disinkronkan)."
    ),
    "No officer profile yet.": "Profil petugas belum ada.",
    "No target list for %1 yet: the list comes with the next sync once the office has "
    "imported it.": (
        "Belum ada daftar sasaran untuk %1: daftar ikut pada sinkronisasi berikutnya setelah "
        "kantor mengimpornya."
    ),
    "Kecamatan %1: %2 served of %3 targets, %4 still to serve.": (
        "Kecamatan %1: %2 dari %3 sasaran sudah dilayani, %4 belum dilayani."
    ),
    "Still to serve in %1: %2": "Belum dilayani di %1: %2",
    "served": "sudah dilayani",
    "still to serve": "belum dilayani",
    "Served": "Sudah dilayani",
    "Still to serve": "Belum dilayani",
}
ID.update(TARGETS_ID)

# Idle lock and wrong-password slow-down (app/ui/main_window.py, sign_in_dialog.py,
# settings_dialog.py)
LOCK_ID: dict[str, str] = {
    "Wrong password. Try again in %n second(s).": "Kata sandi salah. Coba lagi dalam %n detik.",
    "Jempol was locked after a while without use. Type your password.": (
        "Jempol terkunci karena lama tidak dipakai. Ketik kata sandi Anda."
    ),
    " min": " menit",
    "Never": "Tidak pernah",
    "Lock when idle": "Kunci bila tidak dipakai",
    "Lock Jempol after this many minutes without use (0: never).": (
        "Kunci Jempol setelah sekian menit tidak dipakai (0: tidak pernah)."
    ),
}
ID.update(LOCK_ID)

# start-up upgrade of an old data file (app/ui/upgrade.py)
UPGRADE_ID: dict[str, str] = {
    "Updating the Jempol data to the new version… A backup copy is made first;"
    " do not switch off the laptop.": "Memperbarui data Jempol ke versi baru… Salinan"
    " cadangan dibuat lebih dulu; jangan matikan laptop.",
    "The Jempol data could not be updated.": "Data Jempol tidak dapat diperbarui.",
    "%1\n\nThe backup copy made before the update is in %2. Jempol will close now;"
    " ask your supervisor or the Disdukcapil IT team for help.": "%1\n\nSalinan cadangan"
    " yang dibuat sebelum pembaruan ada di %2. Jempol akan ditutup sekarang; minta bantuan"
    " supervisor atau tim TI Disdukcapil.",
}
ID.update(UPGRADE_ID)

# retention: approved records leave the laptop (app/ui/settings_dialog.py, main_window.py)
RETENTION_ID: dict[str, str] = {
    "Delete approved data after (days)": "Hapus data yang sudah disetujui setelah (hari)",
    "Requests the server has received and a supervisor has approved are deleted from this"
    " laptop this many days after the approval (the server keeps them; the daily summary"
    " still counts them).": "Permohonan yang sudah diterima server dan disetujui verifikator"
    " dihapus dari laptop ini sekian hari setelah disetujui (data tetap ada di server;"
    " ringkasan harian tetap menghitungnya).",
    "Delete approved data after (days): type a whole number from %1 to %2.": (
        "Hapus data yang sudah disetujui setelah (hari): ketik bilangan bulat dari %1 sampai %2."
    ),
    "%n approved request(s) older than %1 days removed from this laptop.": (
        "%n permohonan yang disetujui lebih dari %1 hari lalu dihapus dari laptop ini."
    ),
}
ID.update(RETENTION_ID)

# encryption at rest: scheduled sync key and recovery (app/ui/settings_dialog.py)
SECURITY_ID: dict[str, str] = {
    "Scheduled sync while Jempol is closed": "Sinkronisasi terjadwal saat aplikasi tertutup",
    "Keeps the data key in the Windows credential store so the scheduled sync can open the"
    " data without a password. Anyone who can log in to this Windows account can then open"
    " it: use a Windows password.": "Menyimpan kunci data di penyimpanan kredensial Windows"
    " agar sinkronisasi terjadwal dapat membuka data tanpa kata sandi. Siapa pun yang bisa"
    " masuk ke akun Windows ini lalu dapat membukanya: pakai kata sandi Windows.",
    "Set (key %1): an administrator can reset a forgotten password.": "Sudah diatur (kunci"
    " %1): administrator dapat mengatur ulang kata sandi yang terlupa.",
    "Not set yet: register this laptop with the server, otherwise a forgotten password"
    " cannot be recovered.": "Belum diatur: daftarkan laptop ini ke server; tanpa itu kata"
    " sandi yang terlupa tidak dapat dipulihkan.",
    "Password recovery": "Pemulihan kata sandi",
    # officers sharing a laptop (app/ui/main_window.py)
    "S&witch officer…": "&Ganti petugas…",
    "&Add an officer on this laptop…": "&Tambah petugas di laptop ini…",
    "%1 can now sign in on this laptop: File → Switch officer.": "%1 sekarang bisa masuk"
    " di laptop ini: Berkas → Ganti petugas.",
    "Choose your name and type your offline password.": "Pilih nama Anda dan ketik kata"
    " sandi offline Anda.",
}
ID.update(SECURITY_ID)

EN_PLURALS: dict[str, tuple[str, str]] = {
    "Blank cards: %n": ("Blank cards: %n", "Blank cards: %n"),
    "%n change(s) waiting for sync": (
        "%n change waiting for sync",
        "%n changes waiting for sync",
    ),
    "Offline password: use at least %n characters.": (
        "Offline password: use at least %n character.",
        "Offline password: use at least %n characters.",
    ),
    "%n digit(s) typed": ("%n digit typed", "%n digits typed"),
    "%n request(s)": ("%n request", "%n requests"),
    "%n card(s)": ("%n card", "%n cards"),
    "Blank cards are running low (%n left): ask the office for more before the next visit.": (
        "Blank cards are running low (%n left): ask the office for more before the next visit.",
        "Blank cards are running low (%n left): ask the office for more before the next visit.",
    ),
    "%n request(s) in total": ("%n request in total", "%n requests in total"),
    "%n batch(es)": ("%n batch", "%n batches"),
    "%n record(s) in this batch": ("%n record in this batch", "%n records in this batch"),
    "%n resident(s) still to serve": (
        "%n resident still to serve",
        "%n residents still to serve",
    ),
    "Wrong password. Try again in %n second(s).": (
        "Wrong password. Try again in %n second.",
        "Wrong password. Try again in %n seconds.",
    ),
    "%n approved request(s) older than %1 days removed from this laptop.": (
        "%n approved request older than %1 days removed from this laptop.",
        "%n approved requests older than %1 days removed from this laptop.",
    ),
}


def fill(ts_path: Path, lang: str) -> list[str]:
    """Fill translations into ``ts_path``; returns the sources still untranslated."""
    tree = ET.parse(ts_path)
    missing: list[str] = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        numerus = message.get("numerus") == "yes"
        if lang == "id":
            text = ID.get(source)
            if text is None:
                missing.append(source)
                continue
            forms = [text]  # Indonesian has one plural form
        else:
            if not numerus:
                continue  # English sources need no translation
            forms = list(EN_PLURALS.get(source, (source, source)))
        translation.attrib.pop("type", None)
        translation.text = None if numerus else forms[0]
        for child in list(translation):
            translation.remove(child)
        if numerus:
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
    ET.indent(tree, space="    ")
    with ts_path.open("wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(fh, encoding="utf-8", xml_declaration=False)
        fh.write(b"\n")
    return missing


def main() -> int:
    status = 0
    for lang in ("id", "en"):
        path = TRANSLATIONS / f"jempol_{lang}.ts"
        if not path.exists():
            continue
        missing = fill(path, lang)
        for source in missing:
            print(f"{path.name}: no translation for {source!r}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
