<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da" sourcelanguage="en">
<context>
    <name>CodeEntryScreen</name>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="37"/>
        <source>Type your code</source>
        <translation>Tast din kode</translation>
    </message>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="47"/>
        <source>The code is in the text message (SMS) we sent you. It has 6 to 8 digits.</source>
        <translation>Koden står i den sms, vi har sendt dig. Den har 6 til 8 cifre.</translation>
    </message>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="72"/>
        <source>Code typed: %1</source>
        <translation>Indtastet kode: %1</translation>
    </message>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="77"/>
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="87"/>
        <source>Checking your code…</source>
        <translation>Vi tjekker din kode …</translation>
    </message>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="115"/>
        <source>Back</source>
        <translation>Tilbage</translation>
    </message>
</context>
<context>
    <name>ConnectingOverlay</name>
    <message>
        <location filename="../qml/ConnectingOverlay.qml" line="48"/>
        <source>One moment…</source>
        <translation>Et øjeblik …</translation>
    </message>
    <message>
        <location filename="../qml/ConnectingOverlay.qml" line="58"/>
        <source>The pickup box is getting ready.</source>
        <translation>Afhentningsboksen gør sig klar.</translation>
    </message>
</context>
<context>
    <name>DoorOpenScreen</name>
    <message>
        <location filename="../qml/DoorOpenScreen.qml" line="43"/>
        <source>Door %1 is open: take your document and close the door</source>
        <translation>Lågen %1 er åben: tag dit dokument og luk lågen</translation>
    </message>
    <message>
        <location filename="../qml/DoorOpenScreen.qml" line="60"/>
        <source>The door has been opened again.</source>
        <translation>Lågen er åbnet igen.</translation>
    </message>
    <message>
        <location filename="../qml/DoorOpenScreen.qml" line="61"/>
        <source>The door is marked in yellow below.</source>
        <translation>Lågen er markeret med gult herunder.</translation>
    </message>
    <message>
        <location filename="../qml/DoorOpenScreen.qml" line="94"/>
        <source>Simulator: close door %1</source>
        <translation>Simulator: luk låge %1</translation>
    </message>
    <message>
        <location filename="../qml/DoorOpenScreen.qml" line="102"/>
        <source>The door did not open</source>
        <translation>Lågen gik ikke op</translation>
    </message>
</context>
<context>
    <name>ErrorScreen</name>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="42"/>
        <source>Wrong code</source>
        <translation>Forkert kode</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="43"/>
        <source>Wrong date of birth</source>
        <translation>Forkert fødselsdato</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="44"/>
        <source>Too many attempts</source>
        <translation>For mange forsøg</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="45"/>
        <source>Please wait</source>
        <translation>Vent venligst</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="46"/>
        <source>The code has expired</source>
        <translation>Koden er udløbet</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="47"/>
        <source>The door did not open</source>
        <translation>Lågen gik ikke op</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="48"/>
        <source>Out of order</source>
        <translation>Ude af drift</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="49"/>
        <source>Not available</source>
        <translation>Ikke tilgængelig</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="51"/>
        <source>Something went wrong</source>
        <translation>Noget gik galt</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ErrorScreen.qml" line="58"/>
        <source>That code is not right. You have %n attempt(s) left.</source>
        <translation>
            <numerusform>Koden er forkert. Du har %n forsøg tilbage.</numerusform>
            <numerusform>Koden er forkert. Du har %n forsøg tilbage.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="59"/>
        <source>That code is not right. Check the code in your text message and try again.</source>
        <translation>Koden er forkert. Tjek koden i din sms, og prøv igen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ErrorScreen.qml" line="62"/>
        <source>That date of birth does not match. You have %n attempt(s) left.</source>
        <translation>
            <numerusform>Fødselsdatoen passer ikke. Du har %n forsøg tilbage.</numerusform>
            <numerusform>Fødselsdatoen passer ikke. Du har %n forsøg tilbage.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="63"/>
        <source>That date of birth does not match. Please try again.</source>
        <translation>Fødselsdatoen passer ikke. Prøv igen.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="65"/>
        <source>This document is locked after too many wrong attempts. Please go to the front desk.</source>
        <translation>Dokumentet er spærret efter for mange forkerte forsøg. Gå venligst til skranken.</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ErrorScreen.qml" line="68"/>
        <source>The kiosk is paused. Try again in %n second(s).</source>
        <translation>
            <numerusform>Standeren holder pause. Prøv igen om %n sekund.</numerusform>
            <numerusform>Standeren holder pause. Prøv igen om %n sekunder.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="69"/>
        <source>You can try again now.</source>
        <translation>Du kan prøve igen nu.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="71"/>
        <source>The time to collect this document has run out. Please go to the front desk.</source>
        <translation>Fristen for at hente dokumentet er udløbet. Gå venligst til skranken.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="75"/>
        <source>Please go to the front desk and tell them door %1.</source>
        <translation>Gå venligst til skranken, og sig, at det drejer sig om låge %1.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="76"/>
        <source>Please go to the front desk.</source>
        <translation>Gå venligst til skranken.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="78"/>
        <source>Door %1 did not open.</source>
        <translation>Lågen %1 gik ikke op.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="79"/>
        <source>The door did not open.</source>
        <translation>Lågen gik ikke op.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="81"/>
        <source>The pickup box is out of order. Please go to the front desk.</source>
        <translation>Afhentningsboksen er ude af drift. Gå venligst til skranken.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="83"/>
        <source>This document cannot be collected here right now. Please go to the front desk.</source>
        <translation>Dokumentet kan ikke hentes her lige nu. Gå venligst til skranken.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="85"/>
        <source>The kiosk lost contact with the pickup box. Please try again.</source>
        <translation>Standeren mistede forbindelsen til afhentningsboksen. Prøv igen.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="142"/>
        <source>Try the door again</source>
        <translation>Prøv lågen igen</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="151"/>
        <source>Report a problem</source>
        <translation>Meld et problem</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="159"/>
        <source>Try again</source>
        <translation>Prøv igen</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="168"/>
        <source>Back to start</source>
        <translation>Til forsiden</translation>
    </message>
</context>
<context>
    <name>IdentityScreen</name>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="45"/>
        <source>Date of birth</source>
        <translation>Fødselsdato</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="55"/>
        <source>For this document we also need your date of birth. Type day, month and year: 8 digits.</source>
        <translation>Til dette dokument skal vi også bruge din fødselsdato. Tast dag, måned og år: 8 cifre.</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="79"/>
        <source>Date of birth typed: %1</source>
        <translation>Indtastet fødselsdato: %1</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="85"/>
        <source>DD-MM-YYYY</source>
        <extracomment>The format of a date of birth as typed: day-month-year.</extracomment>
        <translation>DD-MM-ÅÅÅÅ</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="94"/>
        <source>Example: 1 February 1990 is 01-02-1990</source>
        <translation>Eksempel: 1. februar 1990 skrives 01-02-1990</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="104"/>
        <source>Checking…</source>
        <translation>Vi tjekker …</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="132"/>
        <source>Back to start</source>
        <translation>Til forsiden</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../qml/Keypad.qml" line="14"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../qml/Keypad.qml" line="78"/>
        <location filename="../qml/Keypad.qml" line="79"/>
        <location filename="../qml/Keypad.qml" line="120"/>
        <source>Clear</source>
        <translation>Slet alt</translation>
    </message>
    <message>
        <location filename="../qml/Keypad.qml" line="79"/>
        <source>Plus</source>
        <translation>Plus</translation>
    </message>
    <message>
        <location filename="../qml/Keypad.qml" line="100"/>
        <source>Delete last digit</source>
        <translation>Slet sidste ciffer</translation>
    </message>
</context>
<context>
    <name>LockerBankPicture</name>
    <message>
        <location filename="../qml/LockerBankPicture.qml" line="17"/>
        <source>Picture of the lockers. Door %1 is marked.</source>
        <translation>Billede af skabene. Låge %1 er markeret.</translation>
    </message>
    <message>
        <location filename="../qml/LockerBankPicture.qml" line="18"/>
        <source>Picture of the lockers.</source>
        <translation>Billede af skabene.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="17"/>
        <source>Pickup Box</source>
        <translation>Afhentningsboks</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="110"/>
        <source>That did not work. Please try again.</source>
        <translation>Det lykkedes ikke. Prøv igen.</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="113"/>
        <source>Wrong staff id or PIN</source>
        <translation>Forkert medarbejder-id eller pinkode</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../qml/OnScreenKeyboard.qml" line="65"/>
        <source>Delete last character</source>
        <translation>Slet sidste tegn</translation>
    </message>
</context>
<context>
    <name>OutOfOrderScreen</name>
    <message>
        <location filename="../qml/OutOfOrderScreen.qml" line="25"/>
        <source>Dansk</source>
        <translation>Dansk</translation>
    </message>
    <message>
        <location filename="../qml/OutOfOrderScreen.qml" line="32"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../qml/OutOfOrderScreen.qml" line="47"/>
        <source>Out of order</source>
        <translation>Ude af drift</translation>
    </message>
    <message>
        <location filename="../qml/OutOfOrderScreen.qml" line="58"/>
        <source>The pickup box cannot be used right now. Please go to the front desk. We are sorry for the inconvenience.</source>
        <translation>Afhentningsboksen kan ikke bruges lige nu. Gå venligst til skranken. Vi beklager ulejligheden.</translation>
    </message>
    <message>
        <location filename="../qml/OutOfOrderScreen.qml" line="74"/>
        <source>Staff</source>
        <translation>Personale</translation>
    </message>
</context>
<context>
    <name>StaffAdHocScreen</name>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="95"/>
        <source>New load</source>
        <translation>Ny ilægning</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="109"/>
        <source>Phone number</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="118"/>
        <source>Date of birth</source>
        <translation>Fødselsdato</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="120"/>
        <source>Optional</source>
        <translation>Valgfri</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="157"/>
        <source>Size</source>
        <translation>Størrelse</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="209"/>
        <source>Back</source>
        <translation>Tilbage</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="215"/>
        <source>Load</source>
        <translation>Læg i</translation>
    </message>
</context>
<context>
    <name>StaffDoorScreen</name>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="36"/>
        <source>Door %1 is open: put the document in and close the door</source>
        <translation>Lågen %1 er åben: læg dokumentet i, og luk lågen</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="38"/>
        <source>Door %1 is open: take the document out and close the door</source>
        <translation>Lågen %1 er åben: tag dokumentet ud, og luk lågen</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="39"/>
        <source>Door %1 is open</source>
        <translation>Lågen %1 er åben</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="43"/>
        <source>Loaded: the citizen gets an SMS</source>
        <translation>Lagt i: borgeren får en sms</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="45"/>
        <source>Returned</source>
        <translation>Taget retur</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="46"/>
        <source>Door %1 is closed</source>
        <translation>Lågen %1 er lukket</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="80"/>
        <source>You can close this screen.</source>
        <translation>Du kan lukke denne skærm.</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="81"/>
        <source>The box notices by itself when the door is closed.</source>
        <translation>Boksen registrerer selv, når lågen er lukket.</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="82"/>
        <source>This door has no sensor: press “The door is shut” when you have closed it.</source>
        <translation>Denne låge har ingen sensor: tryk på »Lågen er lukket«, når du har lukket den.</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="113"/>
        <source>Simulator: close door %1</source>
        <translation>Simulator: luk låge %1</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="120"/>
        <source>The door is shut</source>
        <translation>Lågen er lukket</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="128"/>
        <source>Done</source>
        <translation>Færdig</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="136"/>
        <source>Back to the staff menu</source>
        <translation>Tilbage til personalemenuen</translation>
    </message>
</context>
<context>
    <name>StaffExpiredScreen</name>
    <message>
        <location filename="../qml/StaffExpiredScreen.qml" line="10"/>
        <source>Expired documents</source>
        <translation>Udløbne dokumenter</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/StaffExpiredScreen.qml" line="11"/>
        <source>%n expired document(s) to take back.</source>
        <translation>
            <numerusform>%n udløbet dokument skal tages retur.</numerusform>
            <numerusform>%n udløbne dokumenter skal tages retur.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/StaffExpiredScreen.qml" line="13"/>
        <source>Retrieve</source>
        <translation>Tag ud</translation>
    </message>
    <message>
        <location filename="../qml/StaffExpiredScreen.qml" line="14"/>
        <source>Retrieve %1</source>
        <translation>Tag %1 ud</translation>
    </message>
    <message>
        <location filename="../qml/StaffExpiredScreen.qml" line="12"/>
        <source>There are no expired documents.</source>
        <translation>Der er ingen udløbne dokumenter.</translation>
    </message>
</context>
<context>
    <name>StaffHomeScreen</name>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="29"/>
        <source>Staff</source>
        <translation>Personale</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="38"/>
        <source>Logged in as %1</source>
        <translation>Logget ind som %1</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="57"/>
        <source>Orders to load</source>
        <translation>Ordrer til ilægning</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="63"/>
        <source>New load (ad hoc)</source>
        <translation>Ny ilægning (uden ordre)</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="69"/>
        <source>Expired documents</source>
        <translation>Udløbne dokumenter</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="75"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="87"/>
        <source>Log out</source>
        <translation>Log ud</translation>
    </message>
</context>
<context>
    <name>StaffLoginScreen</name>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="36"/>
        <source>Staff login</source>
        <translation>Log ind som personale</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="45"/>
        <source>Type your staff id.</source>
        <translation>Tast dit medarbejder-id.</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="45"/>
        <source>Type your PIN.</source>
        <translation>Tast din pinkode.</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="65"/>
        <source>Staff id</source>
        <translation>Medarbejder-id</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="94"/>
        <source>Change</source>
        <translation>Ret</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="95"/>
        <source>Change staff id</source>
        <translation>Ret medarbejder-id</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="113"/>
        <source>PIN</source>
        <translation>Pinkode</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/StaffLoginScreen.qml" line="128"/>
        <source>%n digit(s) typed</source>
        <translation>
            <numerusform>%n ciffer tastet</numerusform>
            <numerusform>%n cifre tastet</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="168"/>
        <source>Back</source>
        <translation>Tilbage</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="175"/>
        <source>Next</source>
        <translation>Næste</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="184"/>
        <source>Log in</source>
        <translation>Log ind</translation>
    </message>
</context>
<context>
    <name>StaffOrderList</name>
    <message>
        <location filename="../qml/StaffOrderList.qml" line="54"/>
        <source>Loading the list…</source>
        <translation>Henter listen …</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrderList.qml" line="105"/>
        <source>%1, size %2</source>
        <translation>%1, størrelse %2</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrderList.qml" line="115"/>
        <source>Door %1</source>
        <translation>Låge %1</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrderList.qml" line="163"/>
        <source>Back</source>
        <translation>Tilbage</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrderList.qml" line="170"/>
        <source>Refresh</source>
        <translation>Opdater</translation>
    </message>
</context>
<context>
    <name>StaffOrdersScreen</name>
    <message>
        <location filename="../qml/StaffOrdersScreen.qml" line="10"/>
        <source>Orders to load</source>
        <translation>Ordrer til ilægning</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/StaffOrdersScreen.qml" line="11"/>
        <source>%n order(s) waiting to be loaded.</source>
        <translation>
            <numerusform>%n ordre venter på at blive lagt i.</numerusform>
            <numerusform>%n ordrer venter på at blive lagt i.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/StaffOrdersScreen.qml" line="13"/>
        <source>Load</source>
        <translation>Læg i</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrdersScreen.qml" line="14"/>
        <source>Load %1</source>
        <translation>Læg %1 i</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrdersScreen.qml" line="12"/>
        <source>No documents are waiting to be loaded.</source>
        <translation>Ingen dokumenter venter på at blive lagt i.</translation>
    </message>
</context>
<context>
    <name>StaffServiceScreen</name>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="30"/>
        <source>free</source>
        <translation>ledig</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="31"/>
        <source>reserved</source>
        <translation>reserveret</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="32"/>
        <source>occupied</source>
        <translation>optaget</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="33"/>
        <source>out of service</source>
        <translation>ude af drift</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="39"/>
        <source>open</source>
        <translation>åben</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="40"/>
        <source>closed</source>
        <translation>lukket</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="42"/>
        <source>unknown</source>
        <translation>ukendt</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="53"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="90"/>
        <source>Board %1: online</source>
        <translation>Styrekort %1: forbundet</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="91"/>
        <source>Board %1: OFFLINE</source>
        <translation>Styrekort %1: IKKE FORBUNDET</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/StaffServiceScreen.qml" line="102"/>
        <source>%n event(s) waiting to be sent</source>
        <translation>
            <numerusform>%n hændelse venter på at blive sendt</numerusform>
            <numerusform>%n hændelser venter på at blive sendt</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="111"/>
        <source>Back office: not set up</source>
        <translation>Bagsystem: ikke sat op</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="112"/>
        <source>Back office: connected</source>
        <translation>Bagsystem: forbundet</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="113"/>
        <source>Back office: not connected (%1)</source>
        <translation>Bagsystem: ikke forbundet (%1)</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="114"/>
        <source>Back office: not connected</source>
        <translation>Bagsystem: ikke forbundet</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="162"/>
        <source>Door %1, size %2, %3, door %4</source>
        <translation>Låge %1, størrelse %2, %3, lågen er %4</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="185"/>
        <source>Tap a door to open it or take it out of service.</source>
        <translation>Tryk på en låge for at åbne den eller tage den ud af drift.</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="186"/>
        <source>Door %1: %2, door %3</source>
        <translation>Låge %1: %2, lågen er %3</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="200"/>
        <source>Open</source>
        <translation>Åbn</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="202"/>
        <source>Open door %1</source>
        <translation>Åbn låge %1</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="210"/>
        <source>Back in service</source>
        <translation>Sæt i drift igen</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="210"/>
        <source>Take out of service</source>
        <translation>Tag ud af drift</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="212"/>
        <source>Put door %1 back in service</source>
        <translation>Sæt låge %1 i drift igen</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="213"/>
        <source>Take door %1 out of service</source>
        <translation>Tag låge %1 ud af drift</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="226"/>
        <source>Back</source>
        <translation>Tilbage</translation>
    </message>
</context>
<context>
    <name>ThankYouScreen</name>
    <message>
        <location filename="../qml/ThankYouScreen.qml" line="40"/>
        <source>Thank you</source>
        <translation>Tak</translation>
    </message>
    <message>
        <location filename="../qml/ThankYouScreen.qml" line="51"/>
        <source>You have collected your document. Have a nice day.</source>
        <translation>Du har hentet dit dokument. Hav en god dag.</translation>
    </message>
    <message>
        <location filename="../qml/ThankYouScreen.qml" line="67"/>
        <source>Back to start</source>
        <translation>Til forsiden</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <location filename="../qml/Theme.qml" line="73"/>
        <source>Passport</source>
        <translation>Pas</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="74"/>
        <source>Driving licence</source>
        <translation>Kørekort</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="75"/>
        <source>ID card</source>
        <translation>ID-kort</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="76"/>
        <source>Other document</source>
        <translation>Andet dokument</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="84"/>
        <source>Small</source>
        <translation>Lille</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="85"/>
        <source>Medium</source>
        <translation>Mellem</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="86"/>
        <source>Large</source>
        <translation>Stor</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="29"/>
        <source>Dansk</source>
        <extracomment>The name of the language in that language; keep it &quot;Dansk&quot;.</extracomment>
        <translation>Dansk</translation>
    </message>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="39"/>
        <source>English</source>
        <extracomment>The name of the language in that language; keep it &quot;English&quot;.</extracomment>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="54"/>
        <source>Welcome to the pickup box</source>
        <translation>Velkommen til afhentningsboksen</translation>
    </message>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="73"/>
        <source>Here you can collect your passport, driving licence or other document. You need the code from your text message (SMS).</source>
        <translation>Her kan du hente dit pas, kørekort eller et andet dokument. Du skal bruge koden fra din sms.</translation>
    </message>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="85"/>
        <source>Collect a document</source>
        <translation>Hent et dokument</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/WelcomeScreen.qml" line="94"/>
        <source>The kiosk is paused. Try again in %n second(s).</source>
        <translation>
            <numerusform>Standeren holder pause. Prøv igen om %n sekund.</numerusform>
            <numerusform>Standeren holder pause. Prøv igen om %n sekunder.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="109"/>
        <source>Questions? Ask at the front desk.</source>
        <translation>Spørgsmål? Spørg ved skranken.</translation>
    </message>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="125"/>
        <source>Staff</source>
        <translation>Personale</translation>
    </message>
</context>
<context>
    <name>pickupbox::kiosk::StaffSession</name>
    <message>
        <location filename="../src/staff_session.cpp" line="29"/>
        <source>Your session has ended. Please log in again.</source>
        <translation>Du er blevet logget ud. Log ind igen.</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="30"/>
        <source>There is no free door of that size. Choose a larger size or empty a door.</source>
        <translation>Der er ingen ledig låge i den størrelse. Vælg en større størrelse, eller tøm en låge.</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="31"/>
        <source>The door did not open. It has been taken out of service; check the lock.</source>
        <translation>Lågen gik ikke op. Den er taget ud af drift; tjek låsen.</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="32"/>
        <source>That door is busy with another action. Wait a moment and try again.</source>
        <translation>Lågen er optaget af en anden handling. Vent lidt, og prøv igen.</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="33"/>
        <source>Please check what you typed: %1</source>
        <translation>Tjek venligst det, du har tastet: %1</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="34"/>
        <source>The box is not answering. Wait a moment and try again.</source>
        <translation>Boksen svarer ikke. Vent lidt, og prøv igen.</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="44"/>
        <source>Wrong staff id or PIN.</source>
        <translation>Forkert medarbejder-id eller pinkode.</translation>
    </message>
</context>
</TS>
