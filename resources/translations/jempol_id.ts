<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
    <context>
        <name>AboutDialog</name>
        <message>
            <location filename="../../app/ui/help_actions.py" line="56" />
            <source>About Jempol</source>
            <translation>Tentang Jempol</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="62" />
            <source>Jempol %1: recording outreach (jemput bola) services of Disdukcapil Kutai Kartanegara, offline first.</source>
            <translation>Jempol %1: pencatatan layanan jemput bola Disdukcapil Kutai Kartanegara, tetap jalan tanpa sinyal.</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="67" />
            <source>Data folder: %1</source>
            <translation>Folder data: %1</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="71" />
            <source>Region data: source and licence</source>
            <translation>Data wilayah: sumber dan lisensi</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="78" />
            <source>The licence notice of the region data (%1) is missing.</source>
            <translation>Keterangan lisensi data wilayah (%1) tidak ditemukan.</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="85" />
            <source>Close</source>
            <translation>Tutup</translation>
        </message>
    </context>
    <context>
        <name>BatchTableModel</name>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="267" />
            <source>Received</source>
            <translation>Diterima</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="268" />
            <source>Officer</source>
            <translation>Petugas</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="269" />
            <source>Team</source>
            <translation>Tim</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="270" />
            <source>Villages</source>
            <translation>Desa/kelurahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="271" />
            <source>Records</source>
            <translation>Data</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="272" />
            <source>Pending</source>
            <translation>Menunggu</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="273" />
            <source>Approved</source>
            <translation>Disetujui</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="274" />
            <source>Returned</source>
            <translation>Dikembalikan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="275" />
            <source>Rejected</source>
            <translation>Ditolak</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="276" />
            <source>State</source>
            <translation>Keadaan</translation>
        </message>
    </context>
    <context>
        <name>DashboardWidget</name>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="187" />
            <source>District</source>
            <translation>Kecamatan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="194" />
            <source>Refresh</source>
            <translation>Muat ulang</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="199" />
            <source>Export image…</source>
            <translation>Ekspor gambar…</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="206" />
            <source>From</source>
            <translation>Dari</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="208" />
            <source>to</source>
            <translation>sampai</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="216" />
            <source>Requests per day</source>
            <translation>Permohonan per hari</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="217" />
            <source>Requests per service</source>
            <translation>Permohonan per layanan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="218" />
            <source>Records waiting for review, by age (days)</source>
            <translation>Data menunggu tinjauan, menurut umur (hari)</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="219" />
            <source>e-KTP recording coverage of the target list (%)</source>
            <translation>Cakupan perekaman KTP-el dari daftar sasaran (%)</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="220" />
            <source>Blank e-KTP cards on hand per team</source>
            <translation>Sisa blanko KTP-el per tim</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="222" />
            <source>Whole dashboard</source>
            <translation>Seluruh dasbor</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="282" />
            <source>Loading the dashboard…</source>
            <translation>Memuat dasbor…</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="329" />
            <source>all</source>
            <translation>semua</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="332" />
            <source>%1 to %2 · district: %3 · %4 request(s) · %5 waiting for review · %6 of %7 target resident(s) served</source>
            <translation>%1 s.d. %2 · kecamatan: %3 · %4 permohonan · %5 menunggu tinjauan · %6 dari %7 warga sasaran terlayani</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="391" />
            <source>Requests</source>
            <translation>Permohonan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="401" />
            <source>Waiting</source>
            <translation>Menunggu</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="409" />
            <source>Coverage</source>
            <translation>Cakupan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="413" />
            <source>Target %1%</source>
            <translation>Target %1%</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="431" />
            <source>Cards</source>
            <translation>Blanko</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="437" />
            <source>Export image</source>
            <translation>Ekspor gambar</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="440" />
            <source>PNG image (*.png)</source>
            <translation>Gambar PNG (*.png)</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="458" />
            <source>Image saved: %1</source>
            <translation>Gambar tersimpan: %1</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="462" />
            <source>The image could not be saved to %1. Choose another folder.</source>
            <translation>Gambar tidak dapat disimpan ke %1. Pilih folder lain.</translation>
        </message>
    </context>
    <context>
        <name>ExportController</name>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="354" />
            <location filename="../../app/ui/supervisor/export.py" line="376" />
            <source>Export records</source>
            <translation>Ekspor data</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="357" />
            <source>Excel workbook (*.xlsx)</source>
            <translation>Buku kerja Excel (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="357" />
            <source>CSV file (*.csv)</source>
            <translation>Berkas CSV (*.csv)</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="373" />
            <source>Exporting records…</source>
            <translation>Mengekspor data…</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="373" />
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="412" />
            <source>Exporting records… %1 of %2</source>
            <translation>Mengekspor data… %1 dari %2</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="435" />
            <source>The file could not be written (%1). Choose another folder.</source>
            <translation>Berkas tidak dapat ditulis (%1). Pilih folder lain.</translation>
        </message>
    </context>
    <context>
        <name>HelpActions</name>
        <message>
            <location filename="../../app/ui/help_actions.py" line="107" />
            <source>Export &amp;diagnostics…</source>
            <translation>Ekspor &amp;diagnostik…</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="110" />
            <source>&amp;About Jempol</source>
            <translation>&amp;Tentang Jempol</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="130" />
            <source>Export diagnostics</source>
            <translation>Ekspor diagnostik</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="132" />
            <source>Zip files (*.zip)</source>
            <translation>Berkas zip (*.zip)</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="151" />
            <source>Preparing the diagnostics file…</source>
            <translation>Menyiapkan berkas diagnostik…</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="159" />
            <source>Diagnostics saved to %1. Send this file to the support team; it holds no NIK, KK or resident names.</source>
            <translation>Diagnostik disimpan di %1. Kirim berkas ini ke tim dukungan; isinya tanpa NIK, KK atau nama warga.</translation>
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="170" />
            <source>The diagnostics file could not be written to %1: %2</source>
            <translation>Berkas diagnostik tidak dapat ditulis ke %1: %2</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="47" />
            <source>Request history</source>
            <translation>Riwayat permohonan</translation>
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="52" />
            <source>created</source>
            <translation>dibuat</translation>
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="53" />
            <source>changed</source>
            <translation>diubah</translation>
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="54" />
            <source>cancelled</source>
            <translation>dibatalkan</translation>
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="59" />
            <source>Revision</source>
            <translation>Revisi</translation>
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="59" />
            <source>Time</source>
            <translation>Waktu</translation>
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="59" />
            <source>Action</source>
            <translation>Tindakan</translation>
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="59" />
            <source>Changes</source>
            <translation>Perubahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="85" />
            <source>Close</source>
            <translation>Tutup</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../app/ui/main_window.py" line="111" />
            <source>Today</source>
            <translation>Hari ini</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="112" />
            <source>All requests</source>
            <translation>Semua permohonan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="113" />
            <source>Blank e-KTP cards</source>
            <translation>Blanko KTP-el</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="114" />
            <source>Daily summary</source>
            <translation>Ringkasan harian</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="116" />
            <source>Targets</source>
            <translation>Sasaran</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="192" />
            <source>Jempol was locked after a while without use. Type your password.</source>
            <translation>Jempol terkunci karena lama tidak dipakai. Ketik kata sandi Anda.</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="199" />
            <source>Choose your name and type your offline password.</source>
            <translation>Pilih nama Anda dan ketik kata sandi offline Anda.</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="216" />
            <source>%1 can now sign in on this laptop: File → Switch officer.</source>
            <translation>%1 sekarang bisa masuk di laptop ini: Berkas → Ganti petugas.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/main_window.py" line="270" />
            <source>%n approved request(s) older than %1 days removed from this laptop.</source>
            <translation>
                <numerusform>%n permohonan yang disetujui lebih dari %1 hari lalu dihapus dari laptop ini.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="280" />
            <source>&amp;File</source>
            <translation>&amp;Berkas</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="281" />
            <source>&amp;Settings…</source>
            <translation>&amp;Pengaturan…</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="284" />
            <source>S&amp;witch officer…</source>
            <translation>&amp;Ganti petugas…</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="288" />
            <source>&amp;Add an officer on this laptop…</source>
            <translation>&amp;Tambah petugas di laptop ini…</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="291" />
            <source>&amp;Quit</source>
            <translation>&amp;Keluar</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="294" />
            <source>&amp;Visit</source>
            <translation>&amp;Kunjungan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="295" />
            <source>&amp;Start visit…</source>
            <translation>&amp;Mulai kunjungan…</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="296" />
            <source>&amp;End visit</source>
            <translation>&amp;Akhiri kunjungan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="298" />
            <source>&amp;Request</source>
            <translation>&amp;Permohonan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="300" />
            <source>&amp;Next resident</source>
            <translation>&amp;Warga berikutnya</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="301" />
            <source>&amp;Save</source>
            <translation>&amp;Simpan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="303" />
            <source>&amp;Pick from the target list…</source>
            <translation>&amp;Pilih dari daftar sasaran…</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="306" />
            <source>&amp;Edit selected</source>
            <translation>&amp;Ubah yang dipilih</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="307" />
            <source>&amp;Cancel selected…</source>
            <translation>&amp;Batalkan yang dipilih…</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="308" />
            <source>&amp;History of selected…</source>
            <translation>&amp;Riwayat yang dipilih…</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="310" />
            <source>S&amp;ync</source>
            <translation>Si&amp;nkronisasi</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="313" />
            <source>&amp;Help</source>
            <translation>Ban&amp;tuan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="323" />
            <source>Select a request in the list first.</source>
            <translation>Pilih dulu permohonan di daftar.</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="419" />
            <location filename="../../app/ui/main_window.py" line="423" />
            <source>End visit</source>
            <translation>Akhiri kunjungan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="420" />
            <source>End the visit? New requests need a new visit afterwards.</source>
            <translation>Akhiri kunjungan? Permohonan baru sesudahnya memerlukan kunjungan baru.</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="424" />
            <source>Back</source>
            <translation>Kembali</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="435" />
            <source>Visit ended.</source>
            <translation>Kunjungan selesai.</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="446" />
            <source>Request loaded into the form.</source>
            <translation>Permohonan dimuat ke formulir.</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="453" />
            <source>This request is already cancelled.</source>
            <translation>Permohonan ini sudah dibatalkan.</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="456" />
            <source>Cancel request</source>
            <translation>Batalkan permohonan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="457" />
            <source>Why is the request of %1 cancelled?</source>
            <translation>Mengapa permohonan %1 dibatalkan?</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="458" />
            <source>Cancel the request</source>
            <translation>Batalkan permohonan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="471" />
            <source>Not cancelled</source>
            <translation>Tidak dibatalkan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="476" />
            <source>Request cancelled.</source>
            <translation>Permohonan dibatalkan.</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="514" />
            <source>No visit in progress</source>
            <translation>Tidak ada kunjungan berjalan</translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="518" />
            <source>Visit: %1, %2 (%3)</source>
            <translation>Kunjungan: %1, %2 (%3)</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/main_window.py" line="525" />
            <source>Blank cards: %n</source>
            <translation>
                <numerusform>Blanko: %n</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/main_window.py" line="531" />
            <source>%n change(s) waiting for sync</source>
            <translation>
                <numerusform>%n perubahan menunggu sinkronisasi</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ProfileDialog</name>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="30" />
            <source>Officer profile</source>
            <translation>Profil petugas</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="35" />
            <source>Welcome to Jempol. Enter your profile once; the offline password protects the data on this laptop.</source>
            <translation>Selamat datang di Jempol. Isi profil Anda sekali saja; kata sandi luring melindungi data di laptop ini.</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="45" />
            <source>18 digits</source>
            <translation>18 angka</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="49" />
            <source>e.g. Tim Jemput Bola 1</source>
            <translation>contoh: Tim Jemput Bola 1</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="62" />
            <source>Full name</source>
            <translation>Nama lengkap</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="63" />
            <source>NIP</source>
            <translation>NIP</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="64" />
            <source>Team</source>
            <translation>Tim</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="65" />
            <source>District (kecamatan)</source>
            <translation>Kecamatan</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="66" />
            <source>Offline password</source>
            <translation>Kata sandi luring</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="67" />
            <source>Repeat password</source>
            <translation>Ulangi kata sandi</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="77" />
            <source>Save</source>
            <translation>Simpan</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="80" />
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="82" />
            <source>Sign in as supervisor</source>
            <translation>Masuk sebagai supervisor</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="106" />
            <source>Full name: type your name as on your civil-servant card.</source>
            <translation>Nama lengkap: ketik nama Anda sesuai kartu pegawai.</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="109" />
            <source>NIP: type the 18 digits of your NIP (digits only).</source>
            <translation>NIP: ketik 18 angka NIP Anda (angka saja).</translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="111" />
            <source>Team: type the name of your outreach team.</source>
            <translation>Tim: ketik nama tim jemput bola Anda.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/profile_dialog.py" line="114" />
            <source>Offline password: use at least %n characters.</source>
            <translation>
                <numerusform>Kata sandi luring: gunakan minimal %n karakter.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="117" />
            <source>Repeat password: type the same password twice.</source>
            <translation>Ulangi kata sandi: ketik kata sandi yang sama dua kali.</translation>
        </message>
    </context>
    <context>
        <name>ReasonDialog</name>
        <message>
            <location filename="../../app/ui/reason_dialog.py" line="48" />
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <location filename="../../app/ui/reason_dialog.py" line="51" />
            <source>Back</source>
            <translation>Kembali</translation>
        </message>
    </context>
    <context>
        <name>RecordTableModel</name>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="324" />
            <source>Name</source>
            <translation>Nama</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="325" />
            <source>NIK</source>
            <translation>NIK</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="326" />
            <source>Village</source>
            <translation>Desa/kelurahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="327" />
            <source>Visit date</source>
            <translation>Tanggal kunjungan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="328" />
            <source>Service</source>
            <translation>Layanan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="329" />
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="330" />
            <source>Rev.</source>
            <translation>Rev.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="331" />
            <source>Review</source>
            <translation>Tinjauan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="332" />
            <source>Flags</source>
            <translation>Tanda</translation>
        </message>
    </context>
    <context>
        <name>RecordView</name>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="73" />
            <source>Name</source>
            <translation>Nama</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="74" />
            <source>NIK</source>
            <translation>NIK</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="75" />
            <source>KK number</source>
            <translation>Nomor KK</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="76" />
            <source>Birth date</source>
            <translation>Tanggal lahir</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="77" />
            <source>Sex</source>
            <translation>Jenis kelamin</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="78" />
            <source>Marital status</source>
            <translation>Status perkawinan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="79" />
            <source>e-KTP already recorded</source>
            <translation>Sudah rekam KTP-el</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="80" />
            <source>Village</source>
            <translation>Desa/kelurahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="81" />
            <source>Address</source>
            <translation>Alamat</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="84" />
            <source>Phone</source>
            <translation>Nomor HP</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="85" />
            <source>Service</source>
            <translation>Layanan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="86" />
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="87" />
            <source>Pending reason</source>
            <translation>Alasan tertunda</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="88" />
            <source>Cancel reason</source>
            <translation>Alasan pembatalan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="89" />
            <source>Correction reason</source>
            <translation>Alasan koreksi</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="90" />
            <source>Notes</source>
            <translation>Catatan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="91" />
            <source>Visit date</source>
            <translation>Tanggal kunjungan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="92" />
            <source>Officer NIP</source>
            <translation>NIP petugas</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="93" />
            <source>Created</source>
            <translation>Dibuat</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="94" />
            <source>Last changed</source>
            <translation>Terakhir diubah</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="105" />
            <source>yes</source>
            <translation>ya</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="107" />
            <source>no</source>
            <translation>tidak</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="134" />
            <source>approved</source>
            <translation>disetujui</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="135" />
            <source>returned</source>
            <translation>dikembalikan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="136" />
            <source>rejected</source>
            <translation>ditolak</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="186" />
            <source>Birth date (from NIK)</source>
            <translation>Tanggal lahir (dari NIK)</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="187" />
            <source>Sex (from NIK)</source>
            <translation>Jenis kelamin (dari NIK)</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="188" />
            <source>Region (from NIK)</source>
            <translation>Wilayah (dari NIK)</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="196" />
            <location filename="../../app/ui/supervisor/record_view.py" line="205" />
            <source>Revision</source>
            <translation>Revisi</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="196" />
            <location filename="../../app/ui/supervisor/record_view.py" line="303" />
            <source>Field</source>
            <translation>Isian</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="196" />
            <source>Before</source>
            <translation>Sebelum</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="196" />
            <source>After</source>
            <translation>Sesudah</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="202" />
            <source>Time</source>
            <translation>Waktu</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="203" />
            <source>By</source>
            <translation>Oleh</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="204" />
            <source>Decision</source>
            <translation>Keputusan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="206" />
            <source>Comment</source>
            <translation>Komentar</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="213" />
            <source>Data and revisions</source>
            <translation>Data dan revisi</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="214" />
            <source>Changes</source>
            <translation>Perubahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="215" />
            <source>Decisions</source>
            <translation>Keputusan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="217" />
            <source>Select a record to review it.</source>
            <translation>Pilih data untuk memeriksanya.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="243" />
            <source>Review: %1 · revision %2</source>
            <translation>Pemeriksaan: %1 · revisi %2</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="274" />
            <source>No flags or warnings.</source>
            <translation>Tanpa tanda atau peringatan.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="304" />
            <source>Revision %1</source>
            <translation>Revisi %1</translation>
        </message>
    </context>
    <context>
        <name>RequestForm</name>
        <message>
            <location filename="../../app/ui/request_form.py" line="148" />
            <source>16 digits</source>
            <translation>16 angka</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="149" />
            <source>16 digits of the family card</source>
            <translation>16 angka nomor Kartu Keluarga</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="150" />
            <source>Full name as on the KK</source>
            <translation>Nama lengkap sesuai KK</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="151" />
            <source>DD-MM-YYYY</source>
            <translation>HH-BB-TTTT</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="155" />
            <source>L - Male</source>
            <translation>L - Laki-laki</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="156" />
            <source>P - Female</source>
            <translation>P - Perempuan</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="162" />
            <source>Street, house number, hamlet</source>
            <translation>Jalan, nomor rumah, dusun</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="163" />
            <source>RT</source>
            <translation>RT</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="164" />
            <source>RW</source>
            <translation>RW</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="165" />
            <source>e.g. 0812 3456 7890</source>
            <translation>contoh: 0812 3456 7890</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="170" />
            <source>e-KTP already recorded</source>
            <translation>Sudah rekam KTP-el</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="182" />
            <source>Notes (needed when the reason is 'Other')</source>
            <translation>Catatan (wajib bila alasannya 'Lainnya')</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="198" />
            <source>Use NIK data</source>
            <translation>Pakai data NIK</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="200" />
            <source>Fill birth date and sex from the NIK</source>
            <translation>Isi tanggal lahir dan jenis kelamin dari NIK</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="234" />
            <source>NIK</source>
            <translation>NIK</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="235" />
            <source>KK number</source>
            <translation>Nomor KK</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="236" />
            <source>Name</source>
            <translation>Nama</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="237" />
            <source>Birth date</source>
            <translation>Tanggal lahir</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="238" />
            <source>Sex</source>
            <translation>Jenis kelamin</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="239" />
            <source>Marital status</source>
            <translation>Status perkawinan</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="240" />
            <source>Address</source>
            <translation>Alamat</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="241" />
            <source>RT / RW</source>
            <translation>RT / RW</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="242" />
            <source>Phone</source>
            <translation>Nomor HP</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="243" />
            <source>Service</source>
            <translation>Layanan</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="245" />
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="246" />
            <source>Pending reason</source>
            <translation>Alasan tertunda</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="247" />
            <source>Notes</source>
            <translation>Catatan</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="248" />
            <source>Village (desa/kelurahan)</source>
            <translation>Desa/kelurahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="268" />
            <source>Save (Enter)</source>
            <translation>Simpan (Enter)</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="270" />
            <source>Next resident (Ctrl+N)</source>
            <translation>Warga berikutnya (Ctrl+N)</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="272" />
            <source>Pick from the target list (F4)</source>
            <translation>Pilih dari daftar sasaran (F4)</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="328" />
            <source>No visit in progress: start a visit first.</source>
            <translation>Tidak ada kunjungan berjalan: mulai kunjungan dulu.</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="333" />
            <source>Visit: %1, %2 (%3)</source>
            <translation>Kunjungan: %1, %2 (%3)</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/request_form.py" line="409" />
            <source>%n digit(s) typed</source>
            <translation>
                <numerusform>%n angka diketik</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="419" />
            <source>male</source>
            <translation>laki-laki</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="419" />
            <source>female</source>
            <translation>perempuan</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="421" />
            <source>From the NIK: born %1, %2, registered in %3</source>
            <translation>Menurut NIK: lahir %1, %2, terdaftar di %3</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="444" />
            <source>Birth date: write it as DD-MM-YYYY, e.g. 17-08-1990 (check day and month).</source>
            <translation>Tanggal lahir: tulis sebagai HH-BB-TTTT, contoh 17-08-1990 (periksa tanggal dan bulannya).</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="468" />
            <source>Confirmed: %1</source>
            <translation>Dikonfirmasi: %1</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="543" />
            <source>From the target list: %1. Check the documents, then save.</source>
            <translation>Dari daftar sasaran: %1. Periksa dokumennya, lalu simpan.</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="554" />
            <source>This request was cancelled and can no longer be changed.</source>
            <translation>Permohonan ini sudah dibatalkan dan tidak bisa diubah lagi.</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="583" />
            <source>Editing %1 (revision %2); saving makes revision %3.</source>
            <translation>Mengubah data %1 (revisi %2); menyimpan akan membuat revisi %3.</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="512" />
            <location filename="../../app/ui/request_form.py" line="599" />
            <source>Start a visit before recording requests.</source>
            <translation>Mulai kunjungan dulu sebelum mencatat permohonan.</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="617" />
            <source>Data differs from the NIK</source>
            <translation>Data berbeda dengan NIK</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="619" />
            <source>Check the documents again. If the register was corrected, type the reason (e.g. 'birth date corrected by court order'):</source>
            <translation>Periksa lagi dokumennya. Jika data di register memang sudah dikoreksi, ketik alasannya (contoh: 'tanggal lahir dikoreksi berdasarkan penetapan pengadilan'):</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="623" />
            <source>Save with this reason</source>
            <translation>Simpan dengan alasan ini</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="656" />
            <source>Saved: %1 (revision %2).</source>
            <translation>Tersimpan: %1 (revisi %2).</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="668" />
            <source>Not saved</source>
            <translation>Tidak tersimpan</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="685" />
            <source>village hall</source>
            <translation>balai desa</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="686" />
            <source>school</source>
            <translation>sekolah</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="687" />
            <source>house call</source>
            <translation>kunjungan rumah</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="688" />
            <source>other site</source>
            <translation>lokasi lain</translation>
        </message>
    </context>
    <context>
        <name>RequestListPanel</name>
        <message>
            <location filename="../../app/ui/request_list.py" line="84" />
            <source>Edit</source>
            <translation>Ubah</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="85" />
            <source>Cancel request…</source>
            <translation>Batalkan permohonan…</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="86" />
            <source>History…</source>
            <translation>Riwayat…</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="108" />
            <source>NIK (16 digits) or the start of a name</source>
            <translation>NIK (16 angka) atau awal nama</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="114" />
            <source>All villages</source>
            <translation>Semua desa/kelurahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="123" />
            <source>All services</source>
            <translation>Semua layanan</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="128" />
            <source>All statuses</source>
            <translation>Semua status</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="133" />
            <source>All</source>
            <translation>Semua</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="134" />
            <source>Returned for correction</source>
            <translation>Dikembalikan untuk perbaikan</translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="135" />
            <source>Rejected</source>
            <translation>Ditolak</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/request_list.py" line="213" />
            <source>%n request(s)</source>
            <translation>
                <numerusform>%n permohonan</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="215" />
            <source> (%1 loaded; scroll for more)</source>
            <translation> (%1 dimuat; gulir untuk melihat lebih banyak)</translation>
        </message>
    </context>
    <context>
        <name>RequestTableModel</name>
        <message>
            <location filename="../../app/ui/models.py" line="55" />
            <source>returned for correction</source>
            <translation>dikembalikan untuk perbaikan</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="57" />
            <source>approved</source>
            <translation>disetujui</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="59" />
            <source>rejected</source>
            <translation>ditolak</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="61" />
            <source>not sent yet</source>
            <translation>belum terkirim</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="62" />
            <source>sent</source>
            <translation>terkirim</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="63" />
            <source>received by server</source>
            <translation>diterima server</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="73" />
            <source>Returned by the supervisor</source>
            <translation>Dikembalikan oleh pengawas</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="75" />
            <source>Rejected by the supervisor</source>
            <translation>Ditolak oleh pengawas</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="80" />
            <source>Refused by the server</source>
            <translation>Ditolak oleh server</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="180" />
            <source>Date</source>
            <translation>Tanggal</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="181" />
            <source>Name</source>
            <translation>Nama</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="182" />
            <source>NIK</source>
            <translation>NIK</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="183" />
            <source>Village</source>
            <translation>Desa/kelurahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="184" />
            <source>Service</source>
            <translation>Layanan</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="185" />
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="186" />
            <source>Sync</source>
            <translation>Sinkronisasi</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="213" />
            <source>Cancelled</source>
            <translation>Dibatalkan</translation>
        </message>
    </context>
    <context>
        <name>ReviewTexts</name>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="49" />
            <source>pending</source>
            <translation>menunggu</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="50" />
            <source>approved</source>
            <translation>disetujui</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="51" />
            <source>returned</source>
            <translation>dikembalikan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="52" />
            <source>rejected</source>
            <translation>ditolak</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="58" />
            <source>new</source>
            <translation>baru</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="59" />
            <source>in review</source>
            <translation>sedang diperiksa</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="60" />
            <source>done</source>
            <translation>selesai</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="66" />
            <source>duplicate (other team)</source>
            <translation>ganda (tim lain)</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="67" />
            <source>duplicate within 30 days</source>
            <translation>ganda dalam 30 hari</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="68" />
            <source>NIK region elsewhere</source>
            <translation>wilayah NIK di tempat lain</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="69" />
            <source>not eligible</source>
            <translation>tidak memenuhi syarat</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="70" />
            <source>laptop clock off</source>
            <translation>jam laptop tidak tepat</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="33" />
            <source>Settings</source>
            <translation>Pengaturan</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="43" />
            <source> min</source>
            <translation> menit</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="44" />
            <source>Never</source>
            <translation>Tidak pernah</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="47" />
            <source>Lock Jempol after this many minutes without use (0: never).</source>
            <translation>Kunci Jempol setelah sekian menit tidak dipakai (0: tidak pernah).</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="54" />
            <source>Requests the server has received and a supervisor has approved are deleted from this laptop this many days after the approval (the server keeps them; the daily summary still counts them).</source>
            <translation>Permohonan yang sudah diterima server dan disetujui verifikator dihapus dari laptop ini sekian hari setelah disetujui (data tetap ada di server; ringkasan harian tetap menghitungnya).</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="61" />
            <source>Scheduled sync while Jempol is closed</source>
            <translation>Sinkronisasi terjadwal saat aplikasi tertutup</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="66" />
            <source>Keeps the data key in the Windows credential store so the scheduled sync can open the data without a password. Anyone who can log in to this Windows account can then open it: use a Windows password.</source>
            <translation>Menyimpan kunci data di penyimpanan kredensial Windows agar sinkronisasi terjadwal dapat membuka data tanpa kata sandi. Siapa pun yang bisa masuk ke akun Windows ini lalu dapat membukanya: pakai kata sandi Windows.</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="73" />
            <source>Set (key %1): an administrator can reset a forgotten password.</source>
            <translation>Sudah diatur (kunci %1): administrator dapat mengatur ulang kata sandi yang terlupa.</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="78" />
            <source>Not set yet: register this laptop with the server, otherwise a forgotten password cannot be recovered.</source>
            <translation>Belum diatur: daftarkan laptop ini ke server; tanpa itu kata sandi yang terlupa tidak dapat dipulihkan.</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="84" />
            <source>A new language is used from the next start of Jempol.</source>
            <translation>Bahasa baru dipakai mulai Jempol dibuka berikutnya.</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="87" />
            <source>Language</source>
            <translation>Bahasa</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="88" />
            <source>Lock when idle</source>
            <translation>Kunci bila tidak dipakai</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="89" />
            <source>Delete approved data after (days)</source>
            <translation>Hapus data yang sudah disetujui setelah (hari)</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="92" />
            <source>Password recovery</source>
            <translation>Pemulihan kata sandi</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="94" />
            <source>Save</source>
            <translation>Simpan</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="95" />
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="110" />
            <source>Delete approved data after (days): type a whole number from %1 to %2.</source>
            <translation>Hapus data yang sudah disetujui setelah (hari): ketik bilangan bulat dari %1 sampai %2.</translation>
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="112" />
            <source>Welcome to Jempol</source>
            <translation>Selamat datang di Jempol</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="126" />
            <source>There is no officer profile on this laptop yet. How do you want to start?</source>
            <translation>Belum ada profil petugas di laptop ini. Bagaimana Anda ingin memulai?</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="130" />
            <source>Try the demo</source>
            <translation>Coba demo</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="131" />
            <source>Practise with made-up residents in a separate demo folder.</source>
            <translation>Berlatih dengan data warga rekaan di folder demo tersendiri.</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="136" />
            <source>Connect to the server</source>
            <translation>Sambungkan ke server</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="138" />
            <source>Register this laptop with the Disdukcapil server using your officer account, then fill in your profile.</source>
            <translation>Daftarkan laptop ini ke server Disdukcapil dengan akun petugas Anda, lalu isi profil Anda.</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="145" />
            <source>Fill in the profile only (no server)</source>
            <translation>Isi profil saja (tanpa server)</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="146" />
            <source>Work offline now; the server can be set up later in the Sync menu.</source>
            <translation>Bekerja offline sekarang; server dapat diatur nanti di menu Sinkronisasi.</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="151" />
            <source>Quit</source>
            <translation>Keluar</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="182" />
            <location filename="../../app/ui/setup_wizard.py" line="203" />
            <source>Back</source>
            <translation>Kembali</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="184" />
            <source>Connect</source>
            <translation>Sambungkan</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="236" />
            <source>Preparing the demo data in %1…</source>
            <translation>Menyiapkan data demo di %1…</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="248" />
            <source>Demo data in %1. Next time, sign in as %2 (NIP %3) with the password %4.</source>
            <translation>Data demo ada di %1. Lain kali, masuk sebagai %2 (NIP %3) dengan kata sandi %4.</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="262" />
            <source>The demo data could not be prepared in %1: %2</source>
            <translation>Data demo tidak dapat disiapkan di %1: %2</translation>
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="326" />
            <source>Not connected: %1</source>
            <translation>Belum tersambung: %1</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <location filename="../../app/ui/sign_in_dialog.py" line="181" />
            <location filename="../../app/ui/sign_in_dialog.py" line="207" />
            <source>Sign in</source>
            <translation>Masuk</translation>
        </message>
        <message>
            <location filename="../../app/ui/sign_in_dialog.py" line="204" />
            <source>Offline password</source>
            <translation>Kata sandi luring</translation>
        </message>
        <message>
            <location filename="../../app/ui/sign_in_dialog.py" line="210" />
            <source>Quit</source>
            <translation>Keluar</translation>
        </message>
        <message>
            <location filename="../../app/ui/sign_in_dialog.py" line="212" />
            <source>Sign in as supervisor</source>
            <translation>Masuk sebagai supervisor</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/sign_in_dialog.py" line="298" />
            <source>Wrong password. Try again in %n second(s).</source>
            <translation>
                <numerusform>Kata sandi salah. Coba lagi dalam %n detik.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/sign_in_dialog.py" line="304" />
            <source>Password: wrong password. Type the offline password chosen at the first start.</source>
            <translation>Kata sandi salah: ketik kata sandi luring yang dibuat saat pertama kali memakai Jempol.</translation>
        </message>
    </context>
    <context>
        <name>StockPanel</name>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="47" />
            <source>e.g. handover letter number</source>
            <translation>contoh: nomor berita acara serah terima</translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="48" />
            <source>Record receipt</source>
            <translation>Catat penerimaan</translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="56" />
            <source>e.g. printer jam, faded print</source>
            <translation>contoh: printer macet, cetakan pudar</translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="57" />
            <source>Record spoiled cards</source>
            <translation>Catat blanko rusak</translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="63" />
            <source>Cards received</source>
            <translation>Blanko diterima</translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="65" />
            <location filename="../../app/ui/stock_panel.py" line="71" />
            <source>Quantity</source>
            <translation>Jumlah</translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="66" />
            <location filename="../../app/ui/stock_panel.py" line="72" />
            <source>Note</source>
            <translation>Catatan</translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="69" />
            <source>Spoiled prints</source>
            <translation>Cetakan rusak</translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="77" />
            <source>Saving an e-KTP printing or replacement as 'done' uses one blank card automatically.</source>
            <translation>Menyimpan pencetakan atau penggantian KTP-el dengan status 'selesai' otomatis memakai satu blanko.</translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="87" />
            <source>Blank e-KTP cards in hand</source>
            <translation>Blanko KTP-el yang dibawa</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/stock_panel.py" line="116" />
            <source>%n card(s)</source>
            <translation>
                <numerusform>%n lembar</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/stock_panel.py" line="120" />
            <source>Blank cards are running low (%n left): ask the office for more before the next visit.</source>
            <translation>
                <numerusform>Blanko hampir habis (sisa %n lembar): minta tambahan ke kantor sebelum kunjungan berikutnya.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="146" />
            <source>Stock updated.</source>
            <translation>Stok diperbarui.</translation>
        </message>
    </context>
    <context>
        <name>StoreUpgrade</name>
        <message>
            <location filename="../../app/ui/upgrade.py" line="167" />
            <source>The Jempol data could not be updated.</source>
            <translation>Data Jempol tidak dapat diperbarui.</translation>
        </message>
        <message>
            <location filename="../../app/ui/upgrade.py" line="170" />
            <source>%1

The backup copy made before the update is in %2. Jempol will close now; ask your supervisor or the Disdukcapil IT team for help.</source>
            <translation>%1

Salinan cadangan yang dibuat sebelum pembaruan ada di %2. Jempol akan ditutup sekarang; minta bantuan supervisor atau tim TI Disdukcapil.</translation>
        </message>
    </context>
    <context>
        <name>SummaryPanel</name>
        <message>
            <location filename="../../app/ui/summary_panel.py" line="46" />
            <source>Whole day</source>
            <translation>Sepanjang hari</translation>
        </message>
        <message>
            <location filename="../../app/ui/summary_panel.py" line="47" />
            <source>Current visit only</source>
            <translation>Kunjungan ini saja</translation>
        </message>
        <message>
            <location filename="../../app/ui/summary_panel.py" line="59" />
            <source>Day</source>
            <translation>Hari</translation>
        </message>
        <message>
            <location filename="../../app/ui/summary_panel.py" line="87" />
            <source>No visit in progress.</source>
            <translation>Tidak ada kunjungan berjalan.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/summary_panel.py" line="91" />
            <source>%n request(s) in total</source>
            <translation>
                <numerusform>Total %n permohonan</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SummaryTableModel</name>
        <message>
            <location filename="../../app/ui/models.py" line="299" />
            <source>Service</source>
            <translation>Layanan</translation>
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="302" />
            <location filename="../../app/ui/models.py" line="313" />
            <source>Total</source>
            <translation>Total</translation>
        </message>
    </context>
    <context>
        <name>SupervisorLoginDialog</name>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="62" />
            <source>Sign in as supervisor</source>
            <translation>Masuk sebagai supervisor</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="68" />
            <source>Supervisors and admins review the synced data on the central server. Sign in with your server account.</source>
            <translation>Supervisor dan admin memeriksa data yang sudah disinkronkan di server pusat. Masuk dengan akun server Anda.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="83" />
            <source>Server address</source>
            <translation>Alamat server</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="84" />
            <source>User name</source>
            <translation>Nama pengguna</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="85" />
            <source>Password</source>
            <translation>Kata sandi</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="91" />
            <location filename="../../app/ui/supervisor/login_dialog.py" line="140" />
            <source>Sign in</source>
            <translation>Masuk</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="94" />
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="111" />
            <source>Server address: type the address of the Jempol server, e.g. https://jempol.kukarkab.go.id</source>
            <translation>Alamat server: ketik alamat server Jempol, contoh https://jempol.kukarkab.go.id</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="115" />
            <source>User name: type your supervisor user name.</source>
            <translation>Nama pengguna: ketik nama pengguna supervisor Anda.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="117" />
            <source>Password: type your server password.</source>
            <translation>Kata sandi: ketik kata sandi server Anda.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="140" />
            <source>Signing in…</source>
            <translation>Sedang masuk…</translation>
        </message>
    </context>
    <context>
        <name>SupervisorWindow</name>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="171" />
            <source>Received between</source>
            <translation>Diterima antara</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="182" />
            <source>All batches</source>
            <translation>Semua batch</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="183" />
            <source>New</source>
            <translation>Baru</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="184" />
            <source>In review</source>
            <translation>Sedang diperiksa</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="185" />
            <source>Done</source>
            <translation>Selesai</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="192" />
            <source>District (kecamatan)</source>
            <translation>Kecamatan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="194" />
            <source>Village</source>
            <translation>Desa/kelurahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="195" />
            <source>Team</source>
            <translation>Tim</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="196" />
            <source>Officer</source>
            <translation>Petugas</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="198" />
            <source>State</source>
            <translation>Keadaan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="215" />
            <source>Inbox: synced batches</source>
            <translation>Kotak masuk: batch yang sudah disinkronkan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="226" />
            <source>All records</source>
            <translation>Semua data</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="231" />
            <source>NIK or name…</source>
            <translation>NIK atau nama…</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="233" />
            <location filename="../../app/ui/supervisor/window.py" line="607" />
            <source>Approve all clean</source>
            <translation>Setujui semua yang bersih</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="236" />
            <source>Approve every pending record of the batch without flags or warnings</source>
            <translation>Setujui semua data batch ini yang masih menunggu dan tanpa tanda atau peringatan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="250" />
            <source>Keys: A approve · R return · X reject · J/K or ↓/↑ next/previous</source>
            <translation>Tombol: A setujui · R kembalikan · X tolak · J/K atau ↓/↑ berikutnya/sebelumnya</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="265" />
            <source>&amp;File</source>
            <translation>&amp;Berkas</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="266" />
            <source>&amp;Refresh</source>
            <translation>&amp;Muat ulang</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="269" />
            <source>&amp;Export records (XLSX/CSV)…</source>
            <translation>&amp;Ekspor data (XLSX/CSV)…</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="272" />
            <source>&amp;Quit</source>
            <translation>&amp;Keluar</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="275" />
            <source>Re&amp;view</source>
            <translation>Pe&amp;meriksaan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="277" />
            <source>&amp;Approve</source>
            <translation>&amp;Setujui</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="280" />
            <source>&amp;Return for correction…</source>
            <translation>&amp;Kembalikan untuk perbaikan…</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="282" />
            <source>Re&amp;ject…</source>
            <translation>&amp;Tolak…</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="284" />
            <source>&amp;Next record</source>
            <translation>Data &amp;berikutnya</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="286" />
            <source>&amp;Previous record</source>
            <translation>Data s&amp;ebelumnya</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="289" />
            <source>Approve all &amp;clean…</source>
            <translation>Setujui semua yang &amp;bersih…</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="317" />
            <source>all districts</source>
            <translation>semua kecamatan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="318" />
            <source>admin</source>
            <translation>admin</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="318" />
            <source>supervisor</source>
            <translation>supervisor</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="320" />
            <source>Signed in as %1 (%2, %3) at %4</source>
            <translation>Masuk sebagai %1 (%2, %3) di %4</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="653" />
            <source>%1 record(s) exported to %2.</source>
            <translation>%1 data diekspor ke %2.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="125" />
            <location filename="../../app/ui/supervisor/window.py" line="327" />
            <source>Review</source>
            <translation>Tinjauan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="126" />
            <source>Dashboard</source>
            <translation>Dasbor</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="342" />
            <source>The session has ended. Sign in again.</source>
            <translation>Sesi sudah berakhir. Masuk lagi.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="366" />
            <source>All villages</source>
            <translation>Semua desa/kelurahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="420" />
            <source>Talking to the server…</source>
            <translation>Menghubungi server…</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/supervisor/window.py" line="428" />
            <source>%n batch(es)</source>
            <translation>
                <numerusform>%n batch</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/supervisor/window.py" line="447" />
            <source>%n record(s) in this batch</source>
            <translation>
                <numerusform>%n data dalam batch ini</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="522" />
            <source>That was the last record of the list.</source>
            <translation>Itu data terakhir di daftar.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="533" />
            <location filename="../../app/ui/supervisor/window.py" line="579" />
            <source>Select a record first.</source>
            <translation>Pilih dulu data di daftar.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="553" />
            <source>Decision saved: %1.</source>
            <translation>Keputusan tersimpan: %1.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="563" />
            <source>Return for correction</source>
            <translation>Kembalikan untuk perbaikan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="564" />
            <source>What must the officer correct? The officer sees this comment.</source>
            <translation>Apa yang harus diperbaiki petugas? Petugas akan membaca komentar ini.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="565" />
            <source>Return</source>
            <translation>Kembalikan</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="571" />
            <source>Reject record</source>
            <translation>Tolak data</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="572" />
            <source>Why is the record rejected? The officer sees this reason.</source>
            <translation>Mengapa data ini ditolak? Petugas akan membaca alasan ini.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="573" />
            <source>Reject</source>
            <translation>Tolak</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="602" />
            <source>Select a batch first.</source>
            <translation>Pilih dulu batch di kotak masuk.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="609" />
            <source>Approve every pending record of this batch that has no flags and no warnings? (%1 pending). Flagged records stay pending for a look.</source>
            <translation>Setujui semua data batch ini yang masih menunggu dan tanpa tanda maupun peringatan? (%1 menunggu). Data yang bertanda tetap menunggu untuk diperiksa.</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="615" />
            <source>Approve</source>
            <translation>Setujui</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="617" />
            <source>Back</source>
            <translation>Kembali</translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="636" />
            <source>%1 approved, %2 left for a closer look.</source>
            <translation>%1 disetujui, %2 disisakan untuk diperiksa lebih teliti.</translation>
        </message>
    </context>
    <context>
        <name>TargetPicker</name>
        <message>
            <location filename="../../app/ui/target_picker.py" line="44" />
            <source>Target list: %1</source>
            <translation>Daftar sasaran: %1</translation>
        </message>
        <message>
            <location filename="../../app/ui/target_picker.py" line="51" />
            <source>Type a name or NIK to filter</source>
            <translation>Ketik nama atau NIK untuk menyaring</translation>
        </message>
        <message>
            <location filename="../../app/ui/target_picker.py" line="64" />
            <source>Use this resident (Enter)</source>
            <translation>Pakai warga ini (Enter)</translation>
        </message>
        <message>
            <location filename="../../app/ui/target_picker.py" line="67" />
            <source>Close</source>
            <translation>Tutup</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/target_picker.py" line="97" />
            <source>%n resident(s) still to serve</source>
            <translation>
                <numerusform>%n warga belum dilayani</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/target_picker.py" line="100" />
            <source>Nobody on the list matches.</source>
            <translation>Tidak ada warga di daftar yang cocok.</translation>
        </message>
        <message>
            <location filename="../../app/ui/target_picker.py" line="103" />
            <source>Nobody left on this village's target list (or not synced yet).</source>
            <translation>Tidak ada lagi warga sasaran di desa ini (atau belum disinkronkan).</translation>
        </message>
    </context>
    <context>
        <name>TargetsPanel</name>
        <message>
            <location filename="../../app/ui/targets_panel.py" line="57" />
            <source>Type a name or NIK to filter</source>
            <translation>Ketik nama atau NIK untuk menyaring</translation>
        </message>
        <message>
            <location filename="../../app/ui/targets_panel.py" line="121" />
            <source>No officer profile yet.</source>
            <translation>Profil petugas belum ada.</translation>
        </message>
        <message>
            <location filename="../../app/ui/targets_panel.py" line="130" />
            <source>No target list for %1 yet: the list comes with the next sync once the office has imported it.</source>
            <translation>Belum ada daftar sasaran untuk %1: daftar ikut pada sinkronisasi berikutnya setelah kantor mengimpornya.</translation>
        </message>
        <message>
            <location filename="../../app/ui/targets_panel.py" line="136" />
            <source>Kecamatan %1: %2 served of %3 targets, %4 still to serve.</source>
            <translation>Kecamatan %1: %2 dari %3 sasaran sudah dilayani, %4 belum dilayani.</translation>
        </message>
        <message>
            <location filename="../../app/ui/targets_panel.py" line="147" />
            <source>Still to serve in %1: %2</source>
            <translation>Belum dilayani di %1: %2</translation>
        </message>
    </context>
    <context>
        <name>UpgradeDialog</name>
        <message>
            <location filename="../../app/ui/upgrade.py" line="72" />
            <source>Updating the Jempol data to the new version… A backup copy is made first; do not switch off the laptop.</source>
            <translation>Memperbarui data Jempol ke versi baru… Salinan cadangan dibuat lebih dulu; jangan matikan laptop.</translation>
        </message>
    </context>
    <context>
        <name>VisitDialog</name>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="49" />
            <source>Start a visit</source>
            <translation>Mulai kunjungan</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="64" />
            <source>Type to search the village</source>
            <translation>Ketik untuk mencari desa/kelurahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="74" />
            <source>Village hall (balai desa)</source>
            <translation>Balai desa</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="75" />
            <source>School</source>
            <translation>Sekolah</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="76" />
            <source>House call (elderly/disabled)</source>
            <translation>Kunjungan rumah (lansia/disabilitas)</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="77" />
            <source>Other</source>
            <translation>Lainnya</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="83" />
            <source>Where exactly (needed for 'Other')</source>
            <translation>Lokasi tepatnya (wajib untuk 'Lainnya')</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="87" />
            <source>Inland (river/land)</source>
            <translation>Darat/pedalaman</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="88" />
            <source>Coastal</source>
            <translation>Pesisir</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="92" />
            <source>e.g. -0.4310</source>
            <translation>contoh: -0.4310</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="95" />
            <source>e.g. 116.9880</source>
            <translation>contoh: 116.9880</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="102" />
            <source>Names separated by commas</source>
            <translation>Nama, dipisah koma</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="107" />
            <source>Date</source>
            <translation>Tanggal</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="108" />
            <source>District (kecamatan)</source>
            <translation>Kecamatan</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="109" />
            <source>Village (desa/kelurahan)</source>
            <translation>Desa/kelurahan</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="110" />
            <source>Site</source>
            <translation>Lokasi layanan</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="111" />
            <source>Site note</source>
            <translation>Keterangan lokasi</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="112" />
            <source>Area</source>
            <translation>Wilayah</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="113" />
            <source>GPS latitude, longitude (optional)</source>
            <translation>GPS lintang, bujur (boleh kosong)</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="114" />
            <source>Team members</source>
            <translation>Anggota tim</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="126" />
            <source>Start visit</source>
            <translation>Mulai kunjungan</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="129" />
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="196" />
            <source>Village: choose a desa/kelurahan of this district from the list.</source>
            <translation>Desa/kelurahan: pilih desa/kelurahan di kecamatan ini dari daftar.</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="200" />
            <source>Site note: say where the service takes place.</source>
            <translation>Keterangan lokasi: sebutkan tempat layanan dilakukan.</translation>
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="209" />
            <source>GPS: type both latitude (-90 to 90) and longitude (-180 to 180) as decimal degrees, e.g. -0.4310 and 116.9880, or leave both empty.</source>
            <translation>GPS: ketik lintang (-90 sampai 90) dan bujur (-180 sampai 180) dalam derajat desimal, contoh -0.4310 dan 116.9880, atau kosongkan keduanya.</translation>
        </message>
    </context>
    <context>
        <name>Widgets</name>
        <message>
            <location filename="../../app/ui/widgets.py" line="57" />
            <source>All districts</source>
            <translation>Semua kecamatan</translation>
        </message>
    </context>
</TS>
