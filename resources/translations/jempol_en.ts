<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
    <context>
        <name>AboutDialog</name>
        <message>
            <location filename="../../app/ui/help_actions.py" line="56" />
            <source>About Jempol</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="62" />
            <source>Jempol %1: recording outreach (jemput bola) services of Disdukcapil Kutai Kartanegara, offline first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="67" />
            <source>Data folder: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="71" />
            <source>Region data: source and licence</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="78" />
            <source>The licence notice of the region data (%1) is missing.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="85" />
            <source>Close</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>BatchTableModel</name>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="267" />
            <source>Received</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="268" />
            <source>Officer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="269" />
            <source>Team</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="270" />
            <source>Villages</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="271" />
            <source>Records</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="272" />
            <source>Pending</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="273" />
            <source>Approved</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="274" />
            <source>Returned</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="275" />
            <source>Rejected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="276" />
            <source>State</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>DashboardWidget</name>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="187" />
            <source>District</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="194" />
            <source>Refresh</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="199" />
            <source>Export image…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="206" />
            <source>From</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="208" />
            <source>to</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="216" />
            <source>Requests per day</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="217" />
            <source>Requests per service</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="218" />
            <source>Records waiting for review, by age (days)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="219" />
            <source>e-KTP recording coverage of the target list (%)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="220" />
            <source>Blank e-KTP cards on hand per team</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="222" />
            <source>Whole dashboard</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="282" />
            <source>Loading the dashboard…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="329" />
            <source>all</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="332" />
            <source>%1 to %2 · district: %3 · %4 request(s) · %5 waiting for review · %6 of %7 target resident(s) served</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="391" />
            <source>Requests</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="401" />
            <source>Waiting</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="409" />
            <source>Coverage</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="413" />
            <source>Target %1%</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="431" />
            <source>Cards</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="437" />
            <source>Export image</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="440" />
            <source>PNG image (*.png)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="458" />
            <source>Image saved: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/dashboard.py" line="462" />
            <source>The image could not be saved to %1. Choose another folder.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ExportController</name>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="354" />
            <location filename="../../app/ui/supervisor/export.py" line="376" />
            <source>Export records</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="357" />
            <source>Excel workbook (*.xlsx)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="357" />
            <source>CSV file (*.csv)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="373" />
            <source>Exporting records…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="373" />
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="412" />
            <source>Exporting records… %1 of %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/export.py" line="435" />
            <source>The file could not be written (%1). Choose another folder.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>HelpActions</name>
        <message>
            <location filename="../../app/ui/help_actions.py" line="107" />
            <source>Export &amp;diagnostics…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="110" />
            <source>&amp;About Jempol</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="130" />
            <source>Export diagnostics</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="132" />
            <source>Zip files (*.zip)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="151" />
            <source>Preparing the diagnostics file…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="159" />
            <source>Diagnostics saved to %1. Send this file to the support team; it holds no NIK, KK or resident names.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/help_actions.py" line="170" />
            <source>The diagnostics file could not be written to %1: %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="47" />
            <source>Request history</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="52" />
            <source>created</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="53" />
            <source>changed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="54" />
            <source>cancelled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="59" />
            <source>Revision</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="59" />
            <source>Time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="59" />
            <source>Action</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="59" />
            <source>Changes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/history_dialog.py" line="85" />
            <source>Close</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../app/ui/main_window.py" line="111" />
            <source>Today</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="112" />
            <source>All requests</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="113" />
            <source>Blank e-KTP cards</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="114" />
            <source>Daily summary</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="116" />
            <source>Targets</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="192" />
            <source>Jempol was locked after a while without use. Type your password.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="199" />
            <source>Choose your name and type your offline password.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="216" />
            <source>%1 can now sign in on this laptop: File → Switch officer.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/main_window.py" line="270" />
            <source>%n approved request(s) older than %1 days removed from this laptop.</source>
            <translation>
                <numerusform>%n approved request older than %1 days removed from this laptop.</numerusform>
                <numerusform>%n approved requests older than %1 days removed from this laptop.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="280" />
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="281" />
            <source>&amp;Settings…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="284" />
            <source>S&amp;witch officer…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="288" />
            <source>&amp;Add an officer on this laptop…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="291" />
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="294" />
            <source>&amp;Visit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="295" />
            <source>&amp;Start visit…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="296" />
            <source>&amp;End visit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="298" />
            <source>&amp;Request</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="300" />
            <source>&amp;Next resident</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="301" />
            <source>&amp;Save</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="303" />
            <source>&amp;Pick from the target list…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="306" />
            <source>&amp;Edit selected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="307" />
            <source>&amp;Cancel selected…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="308" />
            <source>&amp;History of selected…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="310" />
            <source>S&amp;ync</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="313" />
            <source>&amp;Help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="323" />
            <source>Select a request in the list first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="419" />
            <location filename="../../app/ui/main_window.py" line="423" />
            <source>End visit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="420" />
            <source>End the visit? New requests need a new visit afterwards.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="424" />
            <source>Back</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="435" />
            <source>Visit ended.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="446" />
            <source>Request loaded into the form.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="453" />
            <source>This request is already cancelled.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="456" />
            <source>Cancel request</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="457" />
            <source>Why is the request of %1 cancelled?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="458" />
            <source>Cancel the request</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="471" />
            <source>Not cancelled</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="476" />
            <source>Request cancelled.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="514" />
            <source>No visit in progress</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/main_window.py" line="518" />
            <source>Visit: %1, %2 (%3)</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/main_window.py" line="525" />
            <source>Blank cards: %n</source>
            <translation>
                <numerusform>Blank cards: %n</numerusform>
                <numerusform>Blank cards: %n</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/main_window.py" line="531" />
            <source>%n change(s) waiting for sync</source>
            <translation>
                <numerusform>%n change waiting for sync</numerusform>
                <numerusform>%n changes waiting for sync</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ProfileDialog</name>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="30" />
            <source>Officer profile</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="35" />
            <source>Welcome to Jempol. Enter your profile once; the offline password protects the data on this laptop.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="45" />
            <source>18 digits</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="49" />
            <source>e.g. Tim Jemput Bola 1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="62" />
            <source>Full name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="63" />
            <source>NIP</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="64" />
            <source>Team</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="65" />
            <source>District (kecamatan)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="66" />
            <source>Offline password</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="67" />
            <source>Repeat password</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="77" />
            <source>Save</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="80" />
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="82" />
            <source>Sign in as supervisor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="106" />
            <source>Full name: type your name as on your civil-servant card.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="109" />
            <source>NIP: type the 18 digits of your NIP (digits only).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="111" />
            <source>Team: type the name of your outreach team.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/profile_dialog.py" line="114" />
            <source>Offline password: use at least %n characters.</source>
            <translation>
                <numerusform>Offline password: use at least %n character.</numerusform>
                <numerusform>Offline password: use at least %n characters.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/profile_dialog.py" line="117" />
            <source>Repeat password: type the same password twice.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ReasonDialog</name>
        <message>
            <location filename="../../app/ui/reason_dialog.py" line="48" />
            <source>OK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/reason_dialog.py" line="51" />
            <source>Back</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RecordTableModel</name>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="324" />
            <source>Name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="325" />
            <source>NIK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="326" />
            <source>Village</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="327" />
            <source>Visit date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="328" />
            <source>Service</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="329" />
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="330" />
            <source>Rev.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="331" />
            <source>Review</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="332" />
            <source>Flags</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RecordView</name>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="73" />
            <source>Name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="74" />
            <source>NIK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="75" />
            <source>KK number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="76" />
            <source>Birth date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="77" />
            <source>Sex</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="78" />
            <source>Marital status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="79" />
            <source>e-KTP already recorded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="80" />
            <source>Village</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="81" />
            <source>Address</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="84" />
            <source>Phone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="85" />
            <source>Service</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="86" />
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="87" />
            <source>Pending reason</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="88" />
            <source>Cancel reason</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="89" />
            <source>Correction reason</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="90" />
            <source>Notes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="91" />
            <source>Visit date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="92" />
            <source>Officer NIP</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="93" />
            <source>Created</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="94" />
            <source>Last changed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="105" />
            <source>yes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="107" />
            <source>no</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="134" />
            <source>approved</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="135" />
            <source>returned</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="136" />
            <source>rejected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="186" />
            <source>Birth date (from NIK)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="187" />
            <source>Sex (from NIK)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="188" />
            <source>Region (from NIK)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="196" />
            <location filename="../../app/ui/supervisor/record_view.py" line="205" />
            <source>Revision</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="196" />
            <location filename="../../app/ui/supervisor/record_view.py" line="303" />
            <source>Field</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="196" />
            <source>Before</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="196" />
            <source>After</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="202" />
            <source>Time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="203" />
            <source>By</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="204" />
            <source>Decision</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="206" />
            <source>Comment</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="213" />
            <source>Data and revisions</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="214" />
            <source>Changes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="215" />
            <source>Decisions</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="217" />
            <source>Select a record to review it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="243" />
            <source>Review: %1 · revision %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="274" />
            <source>No flags or warnings.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/record_view.py" line="304" />
            <source>Revision %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RequestForm</name>
        <message>
            <location filename="../../app/ui/request_form.py" line="148" />
            <source>16 digits</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="149" />
            <source>16 digits of the family card</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="150" />
            <source>Full name as on the KK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="151" />
            <source>DD-MM-YYYY</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="155" />
            <source>L - Male</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="156" />
            <source>P - Female</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="162" />
            <source>Street, house number, hamlet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="163" />
            <source>RT</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="164" />
            <source>RW</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="165" />
            <source>e.g. 0812 3456 7890</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="170" />
            <source>e-KTP already recorded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="182" />
            <source>Notes (needed when the reason is 'Other')</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="198" />
            <source>Use NIK data</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="200" />
            <source>Fill birth date and sex from the NIK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="234" />
            <source>NIK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="235" />
            <source>KK number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="236" />
            <source>Name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="237" />
            <source>Birth date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="238" />
            <source>Sex</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="239" />
            <source>Marital status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="240" />
            <source>Address</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="241" />
            <source>RT / RW</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="242" />
            <source>Phone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="243" />
            <source>Service</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="245" />
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="246" />
            <source>Pending reason</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="247" />
            <source>Notes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="248" />
            <source>Village (desa/kelurahan)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="268" />
            <source>Save (Enter)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="270" />
            <source>Next resident (Ctrl+N)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="272" />
            <source>Pick from the target list (F4)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="328" />
            <source>No visit in progress: start a visit first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="333" />
            <source>Visit: %1, %2 (%3)</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/request_form.py" line="409" />
            <source>%n digit(s) typed</source>
            <translation>
                <numerusform>%n digit typed</numerusform>
                <numerusform>%n digits typed</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="419" />
            <source>male</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="419" />
            <source>female</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="421" />
            <source>From the NIK: born %1, %2, registered in %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="444" />
            <source>Birth date: write it as DD-MM-YYYY, e.g. 17-08-1990 (check day and month).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="468" />
            <source>Confirmed: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="543" />
            <source>From the target list: %1. Check the documents, then save.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="554" />
            <source>This request was cancelled and can no longer be changed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="583" />
            <source>Editing %1 (revision %2); saving makes revision %3.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="512" />
            <location filename="../../app/ui/request_form.py" line="599" />
            <source>Start a visit before recording requests.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="617" />
            <source>Data differs from the NIK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="619" />
            <source>Check the documents again. If the register was corrected, type the reason (e.g. 'birth date corrected by court order'):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="623" />
            <source>Save with this reason</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="656" />
            <source>Saved: %1 (revision %2).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="668" />
            <source>Not saved</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="685" />
            <source>village hall</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="686" />
            <source>school</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="687" />
            <source>house call</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_form.py" line="688" />
            <source>other site</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RequestListPanel</name>
        <message>
            <location filename="../../app/ui/request_list.py" line="84" />
            <source>Edit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="85" />
            <source>Cancel request…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="86" />
            <source>History…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="108" />
            <source>NIK (16 digits) or the start of a name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="114" />
            <source>All villages</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="123" />
            <source>All services</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="128" />
            <source>All statuses</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="133" />
            <source>All</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="134" />
            <source>Returned for correction</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="135" />
            <source>Rejected</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/request_list.py" line="213" />
            <source>%n request(s)</source>
            <translation>
                <numerusform>%n request</numerusform>
                <numerusform>%n requests</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/request_list.py" line="215" />
            <source> (%1 loaded; scroll for more)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RequestTableModel</name>
        <message>
            <location filename="../../app/ui/models.py" line="55" />
            <source>returned for correction</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="57" />
            <source>approved</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="59" />
            <source>rejected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="61" />
            <source>not sent yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="62" />
            <source>sent</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="63" />
            <source>received by server</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="73" />
            <source>Returned by the supervisor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="75" />
            <source>Rejected by the supervisor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="80" />
            <source>Refused by the server</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="180" />
            <source>Date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="181" />
            <source>Name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="182" />
            <source>NIK</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="183" />
            <source>Village</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="184" />
            <source>Service</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="185" />
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="186" />
            <source>Sync</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="213" />
            <source>Cancelled</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>ReviewTexts</name>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="49" />
            <source>pending</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="50" />
            <source>approved</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="51" />
            <source>returned</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="52" />
            <source>rejected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="58" />
            <source>new</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="59" />
            <source>in review</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="60" />
            <source>done</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="66" />
            <source>duplicate (other team)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="67" />
            <source>duplicate within 30 days</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="68" />
            <source>NIK region elsewhere</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="69" />
            <source>not eligible</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/models.py" line="70" />
            <source>laptop clock off</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="33" />
            <source>Settings</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="43" />
            <source> min</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="44" />
            <source>Never</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="47" />
            <source>Lock Jempol after this many minutes without use (0: never).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="54" />
            <source>Requests the server has received and a supervisor has approved are deleted from this laptop this many days after the approval (the server keeps them; the daily summary still counts them).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="61" />
            <source>Scheduled sync while Jempol is closed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="66" />
            <source>Keeps the data key in the Windows credential store so the scheduled sync can open the data without a password. Anyone who can log in to this Windows account can then open it: use a Windows password.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="73" />
            <source>Set (key %1): an administrator can reset a forgotten password.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="78" />
            <source>Not set yet: register this laptop with the server, otherwise a forgotten password cannot be recovered.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="84" />
            <source>A new language is used from the next start of Jempol.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="87" />
            <source>Language</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="88" />
            <source>Lock when idle</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="89" />
            <source>Delete approved data after (days)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="92" />
            <source>Password recovery</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="94" />
            <source>Save</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="95" />
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/settings_dialog.py" line="110" />
            <source>Delete approved data after (days): type a whole number from %1 to %2.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SetupWizard</name>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="112" />
            <source>Welcome to Jempol</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="126" />
            <source>There is no officer profile on this laptop yet. How do you want to start?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="130" />
            <source>Try the demo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="131" />
            <source>Practise with made-up residents in a separate demo folder.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="136" />
            <source>Connect to the server</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="138" />
            <source>Register this laptop with the Disdukcapil server using your officer account, then fill in your profile.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="145" />
            <source>Fill in the profile only (no server)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="146" />
            <source>Work offline now; the server can be set up later in the Sync menu.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="151" />
            <source>Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="182" />
            <location filename="../../app/ui/setup_wizard.py" line="203" />
            <source>Back</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="184" />
            <source>Connect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="236" />
            <source>Preparing the demo data in %1…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="248" />
            <source>Demo data in %1. Next time, sign in as %2 (NIP %3) with the password %4.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="262" />
            <source>The demo data could not be prepared in %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/setup_wizard.py" line="326" />
            <source>Not connected: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <location filename="../../app/ui/sign_in_dialog.py" line="181" />
            <location filename="../../app/ui/sign_in_dialog.py" line="207" />
            <source>Sign in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/sign_in_dialog.py" line="204" />
            <source>Offline password</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/sign_in_dialog.py" line="210" />
            <source>Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/sign_in_dialog.py" line="212" />
            <source>Sign in as supervisor</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/sign_in_dialog.py" line="298" />
            <source>Wrong password. Try again in %n second(s).</source>
            <translation>
                <numerusform>Wrong password. Try again in %n second.</numerusform>
                <numerusform>Wrong password. Try again in %n seconds.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/sign_in_dialog.py" line="304" />
            <source>Password: wrong password. Type the offline password chosen at the first start.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>StockPanel</name>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="47" />
            <source>e.g. handover letter number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="48" />
            <source>Record receipt</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="56" />
            <source>e.g. printer jam, faded print</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="57" />
            <source>Record spoiled cards</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="63" />
            <source>Cards received</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="65" />
            <location filename="../../app/ui/stock_panel.py" line="71" />
            <source>Quantity</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="66" />
            <location filename="../../app/ui/stock_panel.py" line="72" />
            <source>Note</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="69" />
            <source>Spoiled prints</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="77" />
            <source>Saving an e-KTP printing or replacement as 'done' uses one blank card automatically.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="87" />
            <source>Blank e-KTP cards in hand</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/stock_panel.py" line="116" />
            <source>%n card(s)</source>
            <translation>
                <numerusform>%n card</numerusform>
                <numerusform>%n cards</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/stock_panel.py" line="120" />
            <source>Blank cards are running low (%n left): ask the office for more before the next visit.</source>
            <translation>
                <numerusform>Blank cards are running low (%n left): ask the office for more before the next visit.</numerusform>
                <numerusform>Blank cards are running low (%n left): ask the office for more before the next visit.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/stock_panel.py" line="146" />
            <source>Stock updated.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>StoreUpgrade</name>
        <message>
            <location filename="../../app/ui/upgrade.py" line="167" />
            <source>The Jempol data could not be updated.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/upgrade.py" line="170" />
            <source>%1

The backup copy made before the update is in %2. Jempol will close now; ask your supervisor or the Disdukcapil IT team for help.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SummaryPanel</name>
        <message>
            <location filename="../../app/ui/summary_panel.py" line="46" />
            <source>Whole day</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/summary_panel.py" line="47" />
            <source>Current visit only</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/summary_panel.py" line="59" />
            <source>Day</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/summary_panel.py" line="87" />
            <source>No visit in progress.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/summary_panel.py" line="91" />
            <source>%n request(s) in total</source>
            <translation>
                <numerusform>%n request in total</numerusform>
                <numerusform>%n requests in total</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SummaryTableModel</name>
        <message>
            <location filename="../../app/ui/models.py" line="299" />
            <source>Service</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/models.py" line="302" />
            <location filename="../../app/ui/models.py" line="313" />
            <source>Total</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SupervisorLoginDialog</name>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="62" />
            <source>Sign in as supervisor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="68" />
            <source>Supervisors and admins review the synced data on the central server. Sign in with your server account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="83" />
            <source>Server address</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="84" />
            <source>User name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="85" />
            <source>Password</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="91" />
            <location filename="../../app/ui/supervisor/login_dialog.py" line="140" />
            <source>Sign in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="94" />
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="111" />
            <source>Server address: type the address of the Jempol server, e.g. https://jempol.kukarkab.go.id</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="115" />
            <source>User name: type your supervisor user name.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="117" />
            <source>Password: type your server password.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/login_dialog.py" line="140" />
            <source>Signing in…</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SupervisorWindow</name>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="171" />
            <source>Received between</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="182" />
            <source>All batches</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="183" />
            <source>New</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="184" />
            <source>In review</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="185" />
            <source>Done</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="192" />
            <source>District (kecamatan)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="194" />
            <source>Village</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="195" />
            <source>Team</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="196" />
            <source>Officer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="198" />
            <source>State</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="215" />
            <source>Inbox: synced batches</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="226" />
            <source>All records</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="231" />
            <source>NIK or name…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="233" />
            <location filename="../../app/ui/supervisor/window.py" line="607" />
            <source>Approve all clean</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="236" />
            <source>Approve every pending record of the batch without flags or warnings</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="250" />
            <source>Keys: A approve · R return · X reject · J/K or ↓/↑ next/previous</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="265" />
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="266" />
            <source>&amp;Refresh</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="269" />
            <source>&amp;Export records (XLSX/CSV)…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="272" />
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="275" />
            <source>Re&amp;view</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="277" />
            <source>&amp;Approve</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="280" />
            <source>&amp;Return for correction…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="282" />
            <source>Re&amp;ject…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="284" />
            <source>&amp;Next record</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="286" />
            <source>&amp;Previous record</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="289" />
            <source>Approve all &amp;clean…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="317" />
            <source>all districts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="318" />
            <source>admin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="318" />
            <source>supervisor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="320" />
            <source>Signed in as %1 (%2, %3) at %4</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="653" />
            <source>%1 record(s) exported to %2.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="125" />
            <location filename="../../app/ui/supervisor/window.py" line="327" />
            <source>Review</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="126" />
            <source>Dashboard</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="342" />
            <source>The session has ended. Sign in again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="366" />
            <source>All villages</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="420" />
            <source>Talking to the server…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/supervisor/window.py" line="428" />
            <source>%n batch(es)</source>
            <translation>
                <numerusform>%n batch</numerusform>
                <numerusform>%n batches</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/supervisor/window.py" line="447" />
            <source>%n record(s) in this batch</source>
            <translation>
                <numerusform>%n record in this batch</numerusform>
                <numerusform>%n records in this batch</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="522" />
            <source>That was the last record of the list.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="533" />
            <location filename="../../app/ui/supervisor/window.py" line="579" />
            <source>Select a record first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="553" />
            <source>Decision saved: %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="563" />
            <source>Return for correction</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="564" />
            <source>What must the officer correct? The officer sees this comment.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="565" />
            <source>Return</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="571" />
            <source>Reject record</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="572" />
            <source>Why is the record rejected? The officer sees this reason.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="573" />
            <source>Reject</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="602" />
            <source>Select a batch first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="609" />
            <source>Approve every pending record of this batch that has no flags and no warnings? (%1 pending). Flagged records stay pending for a look.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="615" />
            <source>Approve</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="617" />
            <source>Back</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/supervisor/window.py" line="636" />
            <source>%1 approved, %2 left for a closer look.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>TargetPicker</name>
        <message>
            <location filename="../../app/ui/target_picker.py" line="44" />
            <source>Target list: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/target_picker.py" line="51" />
            <source>Type a name or NIK to filter</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/target_picker.py" line="64" />
            <source>Use this resident (Enter)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/target_picker.py" line="67" />
            <source>Close</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <location filename="../../app/ui/target_picker.py" line="97" />
            <source>%n resident(s) still to serve</source>
            <translation>
                <numerusform>%n resident still to serve</numerusform>
                <numerusform>%n residents still to serve</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/ui/target_picker.py" line="100" />
            <source>Nobody on the list matches.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/target_picker.py" line="103" />
            <source>Nobody left on this village's target list (or not synced yet).</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>TargetsPanel</name>
        <message>
            <location filename="../../app/ui/targets_panel.py" line="57" />
            <source>Type a name or NIK to filter</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/targets_panel.py" line="121" />
            <source>No officer profile yet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/targets_panel.py" line="130" />
            <source>No target list for %1 yet: the list comes with the next sync once the office has imported it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/targets_panel.py" line="136" />
            <source>Kecamatan %1: %2 served of %3 targets, %4 still to serve.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/targets_panel.py" line="147" />
            <source>Still to serve in %1: %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>UpgradeDialog</name>
        <message>
            <location filename="../../app/ui/upgrade.py" line="72" />
            <source>Updating the Jempol data to the new version… A backup copy is made first; do not switch off the laptop.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>VisitDialog</name>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="49" />
            <source>Start a visit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="64" />
            <source>Type to search the village</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="74" />
            <source>Village hall (balai desa)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="75" />
            <source>School</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="76" />
            <source>House call (elderly/disabled)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="77" />
            <source>Other</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="83" />
            <source>Where exactly (needed for 'Other')</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="87" />
            <source>Inland (river/land)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="88" />
            <source>Coastal</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="92" />
            <source>e.g. -0.4310</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="95" />
            <source>e.g. 116.9880</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="102" />
            <source>Names separated by commas</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="107" />
            <source>Date</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="108" />
            <source>District (kecamatan)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="109" />
            <source>Village (desa/kelurahan)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="110" />
            <source>Site</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="111" />
            <source>Site note</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="112" />
            <source>Area</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="113" />
            <source>GPS latitude, longitude (optional)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="114" />
            <source>Team members</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="126" />
            <source>Start visit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="129" />
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="196" />
            <source>Village: choose a desa/kelurahan of this district from the list.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="200" />
            <source>Site note: say where the service takes place.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../app/ui/visit_dialog.py" line="209" />
            <source>GPS: type both latitude (-90 to 90) and longitude (-180 to 180) as decimal degrees, e.g. -0.4310 and 116.9880, or leave both empty.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Widgets</name>
        <message>
            <location filename="../../app/ui/widgets.py" line="57" />
            <source>All districts</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
