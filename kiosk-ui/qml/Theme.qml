pragma Singleton
import QtQuick

// Every colour, font size, spacing and size of the kiosk, at the design size 1080 x 1920
// (portrait). Colours are chosen for a contrast of at least 7:1 (WCAG AAA) for text.
QtObject {
    // Design size
    readonly property int designWidth: 1080
    readonly property int designHeight: 1920

    // Colours
    readonly property color background: "#FFFFFF"
    readonly property color text: "#0B1A33"            // very dark blue on white: ~17:1
    readonly property color textMuted: "#2E3A4F"       // still ~11:1 on white
    readonly property color dark: "#0A2145"            // very dark blue surface
    readonly property color textOnDark: "#FFFFFF"          // white on dark: ~15:1
    readonly property color primary: "#0A2A66"         // primary buttons: white text ~13:1
    readonly property color primaryPressed: "#051A42"
    readonly property color textOnPrimary: "#FFFFFF"
    readonly property color secondary: "#FFFFFF"       // secondary buttons: dark text, dark border
    readonly property color secondaryPressed: "#DCE3EE"
    readonly property color textOnSecondary: "#0B1A33"
    readonly property color border: "#0B1A33"
    readonly property color keyBackground: "#E8EDF5"   // keypad keys: dark text ~14:1
    readonly property color keyPressed: "#C3CEDF"
    readonly property color disabled: "#D5D9E0"
    readonly property color textOnDisabled: "#3B4250"      // ~7.5:1 on the disabled grey
    readonly property color danger: "#8A0000"          // white text ~10:1
    readonly property color dangerPressed: "#5E0000"
    readonly property color textOnDanger: "#FFFFFF"
    readonly property color success: "#0B5A1E"         // white text ~8:1
    readonly property color textOnSuccess: "#FFFFFF"
    readonly property color highlight: "#FFC400"       // the door to use: dark text ~11:1
    readonly property color textOnHighlight: "#0B1A33"
    readonly property color cellFree: "#E8EDF5"
    readonly property color cellBusy: "#B9C4D6"
    readonly property color cellOutOfService: "#5A6272"
    readonly property color textOnCellOutOfService: "#FFFFFF"
    readonly property color field: "#F3F6FA"
    readonly property color fieldActive: "#FFF4CC"
    readonly property color overlay: "#E60A2145"       // dark blue, mostly opaque

    // Fonts (pixel sizes at the design size)
    readonly property string fontFamily: "DejaVu Sans"
    readonly property int headingSize: 72
    readonly property int subheadingSize: 56
    readonly property int bodySize: 44
    readonly property int smallSize: 40                // never below 40 px
    readonly property int buttonFontSize: 48
    readonly property int keyFontSize: 64
    readonly property int entrySize: 104               // the typed code / date of birth

    // Sizes and spacing
    readonly property int touchTarget: 120             // minimum width and height of anything pressable
    readonly property int buttonHeight: 150
    readonly property int keyWidth: 280
    readonly property int keyHeight: 140
    readonly property int keySpacing: 20
    readonly property int keyboardKeySize: 130         // on-screen letter keyboard
    readonly property int keyboardSpacing: 10
    readonly property int margin: 60
    readonly property int spacing: 30
    readonly property int smallSpacing: 16
    readonly property int radius: 16
    readonly property int borderWidth: 4
    readonly property int focusWidth: 6
    readonly property int fieldHeight: 150
    readonly property int bannerHeight: 160

    // Display names of the document kinds boxd reports.
    function kindName(kind) {
        switch (kind) {
        case "passport": return qsTr("Passport")
        case "driving_licence": return qsTr("Driving licence")
        case "id_card": return qsTr("ID card")
        case "other": return qsTr("Other document")
        }
        return kind
    }

    // Display names of the locker sizes.
    function sizeName(size) {
        switch (size) {
        case "S": return qsTr("Small")
        case "M": return qsTr("Medium")
        case "L": return qsTr("Large")
        }
        return size
    }
}
