<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CodeEntryScreen</name>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="37"/>
        <source>Type your code</source>
        <translation>Type your code</translation>
    </message>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="47"/>
        <source>The code is in the text message (SMS) we sent you. It has 6 to 8 digits.</source>
        <translation>The code is in the text message (SMS) we sent you. It has 6 to 8 digits.</translation>
    </message>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="72"/>
        <source>Code typed: %1</source>
        <translation>Code typed: %1</translation>
    </message>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="77"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="87"/>
        <source>Checking your code…</source>
        <translation>Checking your code…</translation>
    </message>
    <message>
        <location filename="../qml/CodeEntryScreen.qml" line="115"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ConnectingOverlay</name>
    <message>
        <location filename="../qml/ConnectingOverlay.qml" line="48"/>
        <source>One moment…</source>
        <translation>One moment…</translation>
    </message>
    <message>
        <location filename="../qml/ConnectingOverlay.qml" line="58"/>
        <source>The pickup box is getting ready.</source>
        <translation>The pickup box is getting ready.</translation>
    </message>
</context>
<context>
    <name>DoorOpenScreen</name>
    <message>
        <location filename="../qml/DoorOpenScreen.qml" line="43"/>
        <source>Door %1 is open: take your document and close the door</source>
        <translation>Door %1 is open: take your document and close the door</translation>
    </message>
    <message>
        <location filename="../qml/DoorOpenScreen.qml" line="60"/>
        <source>The door has been opened again.</source>
        <translation>The door has been opened again.</translation>
    </message>
    <message>
        <location filename="../qml/DoorOpenScreen.qml" line="61"/>
        <source>The door is marked in yellow below.</source>
        <translation>The door is marked in yellow below.</translation>
    </message>
    <message>
        <location filename="../qml/DoorOpenScreen.qml" line="94"/>
        <source>Simulator: close door %1</source>
        <translation>Simulator: close door %1</translation>
    </message>
    <message>
        <location filename="../qml/DoorOpenScreen.qml" line="102"/>
        <source>The door did not open</source>
        <translation>The door did not open</translation>
    </message>
</context>
<context>
    <name>ErrorScreen</name>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="42"/>
        <source>Wrong code</source>
        <translation>Wrong code</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="43"/>
        <source>Wrong date of birth</source>
        <translation>Wrong date of birth</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="44"/>
        <source>Too many attempts</source>
        <translation>Too many attempts</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="45"/>
        <source>Please wait</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="46"/>
        <source>The code has expired</source>
        <translation>The code has expired</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="47"/>
        <source>The door did not open</source>
        <translation>The door did not open</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="48"/>
        <source>Out of order</source>
        <translation>Out of order</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="49"/>
        <source>Not available</source>
        <translation>Not available</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="51"/>
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ErrorScreen.qml" line="58"/>
        <source>That code is not right. You have %n attempt(s) left.</source>
        <translation>
            <numerusform>That code is not right. You have %n attempt left.</numerusform>
            <numerusform>That code is not right. You have %n attempts left.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="59"/>
        <source>That code is not right. Check the code in your text message and try again.</source>
        <translation>That code is not right. Check the code in your text message and try again.</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ErrorScreen.qml" line="62"/>
        <source>That date of birth does not match. You have %n attempt(s) left.</source>
        <translation>
            <numerusform>That date of birth does not match. You have %n attempt left.</numerusform>
            <numerusform>That date of birth does not match. You have %n attempts left.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="63"/>
        <source>That date of birth does not match. Please try again.</source>
        <translation>That date of birth does not match. Please try again.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="65"/>
        <source>This document is locked after too many wrong attempts. Please go to the front desk.</source>
        <translation>This document is locked after too many wrong attempts. Please go to the front desk.</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ErrorScreen.qml" line="68"/>
        <source>The kiosk is paused. Try again in %n second(s).</source>
        <translation>
            <numerusform>The kiosk is paused. Try again in %n second.</numerusform>
            <numerusform>The kiosk is paused. Try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="69"/>
        <source>You can try again now.</source>
        <translation>You can try again now.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="71"/>
        <source>The time to collect this document has run out. Please go to the front desk.</source>
        <translation>The time to collect this document has run out. Please go to the front desk.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="75"/>
        <source>Please go to the front desk and tell them door %1.</source>
        <translation>Please go to the front desk and tell them door %1.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="76"/>
        <source>Please go to the front desk.</source>
        <translation>Please go to the front desk.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="78"/>
        <source>Door %1 did not open.</source>
        <translation>Door %1 did not open.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="79"/>
        <source>The door did not open.</source>
        <translation>The door did not open.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="81"/>
        <source>The pickup box is out of order. Please go to the front desk.</source>
        <translation>The pickup box is out of order. Please go to the front desk.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="83"/>
        <source>This document cannot be collected here right now. Please go to the front desk.</source>
        <translation>This document cannot be collected here right now. Please go to the front desk.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="85"/>
        <source>The kiosk lost contact with the pickup box. Please try again.</source>
        <translation>The kiosk lost contact with the pickup box. Please try again.</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="142"/>
        <source>Try the door again</source>
        <translation>Try the door again</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="151"/>
        <source>Report a problem</source>
        <translation>Report a problem</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="159"/>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <location filename="../qml/ErrorScreen.qml" line="168"/>
        <source>Back to start</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>IdentityScreen</name>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="45"/>
        <source>Date of birth</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="55"/>
        <source>For this document we also need your date of birth. Type day, month and year: 8 digits.</source>
        <translation>For this document we also need your date of birth. Type day, month and year: 8 digits.</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="79"/>
        <source>Date of birth typed: %1</source>
        <translation>Date of birth typed: %1</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="85"/>
        <source>DD-MM-YYYY</source>
        <extracomment>The format of a date of birth as typed: day-month-year.</extracomment>
        <translation>DD-MM-YYYY</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="94"/>
        <source>Example: 1 February 1990 is 01-02-1990</source>
        <translation>Example: 1 February 1990 is 01-02-1990</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="104"/>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../qml/IdentityScreen.qml" line="132"/>
        <source>Back to start</source>
        <translation>Back to start</translation>
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
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../qml/Keypad.qml" line="79"/>
        <source>Plus</source>
        <translation>Plus</translation>
    </message>
    <message>
        <location filename="../qml/Keypad.qml" line="100"/>
        <source>Delete last digit</source>
        <translation>Delete last digit</translation>
    </message>
</context>
<context>
    <name>LockerBankPicture</name>
    <message>
        <location filename="../qml/LockerBankPicture.qml" line="17"/>
        <source>Picture of the lockers. Door %1 is marked.</source>
        <translation>Picture of the lockers. Door %1 is marked.</translation>
    </message>
    <message>
        <location filename="../qml/LockerBankPicture.qml" line="18"/>
        <source>Picture of the lockers.</source>
        <translation>Picture of the lockers.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="17"/>
        <source>Pickup Box</source>
        <translation>Pickup Box</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="110"/>
        <source>That did not work. Please try again.</source>
        <translation>That did not work. Please try again.</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="113"/>
        <source>Wrong staff id or PIN</source>
        <translation>Wrong staff id or PIN</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../qml/OnScreenKeyboard.qml" line="65"/>
        <source>Delete last character</source>
        <translation>Delete last character</translation>
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
        <translation>Out of order</translation>
    </message>
    <message>
        <location filename="../qml/OutOfOrderScreen.qml" line="58"/>
        <source>The pickup box cannot be used right now. Please go to the front desk. We are sorry for the inconvenience.</source>
        <translation>The pickup box cannot be used right now. Please go to the front desk. We are sorry for the inconvenience.</translation>
    </message>
    <message>
        <location filename="../qml/OutOfOrderScreen.qml" line="74"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
</context>
<context>
    <name>StaffAdHocScreen</name>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="95"/>
        <source>New load</source>
        <translation>New load</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="109"/>
        <source>Phone number</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="118"/>
        <source>Date of birth</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="120"/>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="157"/>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="209"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/StaffAdHocScreen.qml" line="215"/>
        <source>Load</source>
        <translation>Load</translation>
    </message>
</context>
<context>
    <name>StaffDoorScreen</name>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="36"/>
        <source>Door %1 is open: put the document in and close the door</source>
        <translation>Door %1 is open: put the document in and close the door</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="38"/>
        <source>Door %1 is open: take the document out and close the door</source>
        <translation>Door %1 is open: take the document out and close the door</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="39"/>
        <source>Door %1 is open</source>
        <translation>Door %1 is open</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="43"/>
        <source>Loaded: the citizen gets an SMS</source>
        <translation>Loaded: the citizen gets an SMS</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="45"/>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="46"/>
        <source>Door %1 is closed</source>
        <translation>Door %1 is closed</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="80"/>
        <source>You can close this screen.</source>
        <translation>You can close this screen.</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="81"/>
        <source>The box notices by itself when the door is closed.</source>
        <translation>The box notices by itself when the door is closed.</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="82"/>
        <source>This door has no sensor: press “The door is shut” when you have closed it.</source>
        <translation>This door has no sensor: press “The door is shut” when you have closed it.</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="113"/>
        <source>Simulator: close door %1</source>
        <translation>Simulator: close door %1</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="120"/>
        <source>The door is shut</source>
        <translation>The door is shut</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="128"/>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../qml/StaffDoorScreen.qml" line="136"/>
        <source>Back to the staff menu</source>
        <translation>Back to the staff menu</translation>
    </message>
</context>
<context>
    <name>StaffExpiredScreen</name>
    <message>
        <location filename="../qml/StaffExpiredScreen.qml" line="10"/>
        <source>Expired documents</source>
        <translation>Expired documents</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/StaffExpiredScreen.qml" line="11"/>
        <source>%n expired document(s) to take back.</source>
        <translation>
            <numerusform>%n expired document to take back.</numerusform>
            <numerusform>%n expired documents to take back.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/StaffExpiredScreen.qml" line="13"/>
        <source>Retrieve</source>
        <translation>Retrieve</translation>
    </message>
    <message>
        <location filename="../qml/StaffExpiredScreen.qml" line="14"/>
        <source>Retrieve %1</source>
        <translation>Retrieve %1</translation>
    </message>
    <message>
        <location filename="../qml/StaffExpiredScreen.qml" line="12"/>
        <source>There are no expired documents.</source>
        <translation>There are no expired documents.</translation>
    </message>
</context>
<context>
    <name>StaffHomeScreen</name>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="29"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="38"/>
        <source>Logged in as %1</source>
        <translation>Logged in as %1</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="57"/>
        <source>Orders to load</source>
        <translation>Orders to load</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="63"/>
        <source>New load (ad hoc)</source>
        <translation>New load (ad hoc)</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="69"/>
        <source>Expired documents</source>
        <translation>Expired documents</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="75"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../qml/StaffHomeScreen.qml" line="87"/>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
</context>
<context>
    <name>StaffLoginScreen</name>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="36"/>
        <source>Staff login</source>
        <translation>Staff login</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="45"/>
        <source>Type your staff id.</source>
        <translation>Type your staff id.</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="45"/>
        <source>Type your PIN.</source>
        <translation>Type your PIN.</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="65"/>
        <source>Staff id</source>
        <translation>Staff id</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="94"/>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="95"/>
        <source>Change staff id</source>
        <translation>Change staff id</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="113"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/StaffLoginScreen.qml" line="128"/>
        <source>%n digit(s) typed</source>
        <translation>
            <numerusform>%n digit typed</numerusform>
            <numerusform>%n digits typed</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="168"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="175"/>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../qml/StaffLoginScreen.qml" line="184"/>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>StaffOrderList</name>
    <message>
        <location filename="../qml/StaffOrderList.qml" line="54"/>
        <source>Loading the list…</source>
        <translation>Loading the list…</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrderList.qml" line="105"/>
        <source>%1, size %2</source>
        <translation>%1, size %2</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrderList.qml" line="115"/>
        <source>Door %1</source>
        <translation>Door %1</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrderList.qml" line="163"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrderList.qml" line="170"/>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
</context>
<context>
    <name>StaffOrdersScreen</name>
    <message>
        <location filename="../qml/StaffOrdersScreen.qml" line="10"/>
        <source>Orders to load</source>
        <translation>Orders to load</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/StaffOrdersScreen.qml" line="11"/>
        <source>%n order(s) waiting to be loaded.</source>
        <translation>
            <numerusform>%n order waiting to be loaded.</numerusform>
            <numerusform>%n orders waiting to be loaded.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/StaffOrdersScreen.qml" line="13"/>
        <source>Load</source>
        <translation>Load</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrdersScreen.qml" line="14"/>
        <source>Load %1</source>
        <translation>Load %1</translation>
    </message>
    <message>
        <location filename="../qml/StaffOrdersScreen.qml" line="12"/>
        <source>No documents are waiting to be loaded.</source>
        <translation>No documents are waiting to be loaded.</translation>
    </message>
</context>
<context>
    <name>StaffServiceScreen</name>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="30"/>
        <source>free</source>
        <translation>free</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="31"/>
        <source>reserved</source>
        <translation>reserved</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="32"/>
        <source>occupied</source>
        <translation>occupied</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="33"/>
        <source>out of service</source>
        <translation>out of service</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="39"/>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="40"/>
        <source>closed</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="42"/>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="53"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="90"/>
        <source>Board %1: online</source>
        <translation>Board %1: online</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="91"/>
        <source>Board %1: OFFLINE</source>
        <translation>Board %1: OFFLINE</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/StaffServiceScreen.qml" line="102"/>
        <source>%n event(s) waiting to be sent</source>
        <translation>
            <numerusform>%n event waiting to be sent</numerusform>
            <numerusform>%n events waiting to be sent</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="111"/>
        <source>Back office: not set up</source>
        <translation>Back office: not set up</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="112"/>
        <source>Back office: connected</source>
        <translation>Back office: connected</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="113"/>
        <source>Back office: not connected (%1)</source>
        <translation>Back office: not connected (%1)</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="114"/>
        <source>Back office: not connected</source>
        <translation>Back office: not connected</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="162"/>
        <source>Door %1, size %2, %3, door %4</source>
        <translation>Door %1, size %2, %3, door %4</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="185"/>
        <source>Tap a door to open it or take it out of service.</source>
        <translation>Tap a door to open it or take it out of service.</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="186"/>
        <source>Door %1: %2, door %3</source>
        <translation>Door %1: %2, door %3</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="200"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="202"/>
        <source>Open door %1</source>
        <translation>Open door %1</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="210"/>
        <source>Back in service</source>
        <translation>Back in service</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="210"/>
        <source>Take out of service</source>
        <translation>Take out of service</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="212"/>
        <source>Put door %1 back in service</source>
        <translation>Put door %1 back in service</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="213"/>
        <source>Take door %1 out of service</source>
        <translation>Take door %1 out of service</translation>
    </message>
    <message>
        <location filename="../qml/StaffServiceScreen.qml" line="226"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ThankYouScreen</name>
    <message>
        <location filename="../qml/ThankYouScreen.qml" line="40"/>
        <source>Thank you</source>
        <translation>Thank you</translation>
    </message>
    <message>
        <location filename="../qml/ThankYouScreen.qml" line="51"/>
        <source>You have collected your document. Have a nice day.</source>
        <translation>You have collected your document. Have a nice day.</translation>
    </message>
    <message>
        <location filename="../qml/ThankYouScreen.qml" line="67"/>
        <source>Back to start</source>
        <translation>Back to start</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <location filename="../qml/Theme.qml" line="73"/>
        <source>Passport</source>
        <translation>Passport</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="74"/>
        <source>Driving licence</source>
        <translation>Driving licence</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="75"/>
        <source>ID card</source>
        <translation>ID card</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="76"/>
        <source>Other document</source>
        <translation>Other document</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="84"/>
        <source>Small</source>
        <translation>Small</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="85"/>
        <source>Medium</source>
        <translation>Medium</translation>
    </message>
    <message>
        <location filename="../qml/Theme.qml" line="86"/>
        <source>Large</source>
        <translation>Large</translation>
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
        <translation>Welcome to the pickup box</translation>
    </message>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="73"/>
        <source>Here you can collect your passport, driving licence or other document. You need the code from your text message (SMS).</source>
        <translation>Here you can collect your passport, driving licence or other document. You need the code from your text message (SMS).</translation>
    </message>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="85"/>
        <source>Collect a document</source>
        <translation>Collect a document</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/WelcomeScreen.qml" line="94"/>
        <source>The kiosk is paused. Try again in %n second(s).</source>
        <translation>
            <numerusform>The kiosk is paused. Try again in %n second.</numerusform>
            <numerusform>The kiosk is paused. Try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="109"/>
        <source>Questions? Ask at the front desk.</source>
        <translation>Questions? Ask at the front desk.</translation>
    </message>
    <message>
        <location filename="../qml/WelcomeScreen.qml" line="125"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
</context>
<context>
    <name>pickupbox::kiosk::StaffSession</name>
    <message>
        <location filename="../src/staff_session.cpp" line="29"/>
        <source>Your session has ended. Please log in again.</source>
        <translation>Your session has ended. Please log in again.</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="30"/>
        <source>There is no free door of that size. Choose a larger size or empty a door.</source>
        <translation>There is no free door of that size. Choose a larger size or empty a door.</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="31"/>
        <source>The door did not open. It has been taken out of service; check the lock.</source>
        <translation>The door did not open. It has been taken out of service; check the lock.</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="32"/>
        <source>That door is busy with another action. Wait a moment and try again.</source>
        <translation>That door is busy with another action. Wait a moment and try again.</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="33"/>
        <source>Please check what you typed: %1</source>
        <translation>Please check what you typed: %1</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="34"/>
        <source>The box is not answering. Wait a moment and try again.</source>
        <translation>The box is not answering. Wait a moment and try again.</translation>
    </message>
    <message>
        <location filename="../src/staff_session.cpp" line="44"/>
        <source>Wrong staff id or PIN.</source>
        <translation>Wrong staff id or PIN.</translation>
    </message>
</context>
</TS>
