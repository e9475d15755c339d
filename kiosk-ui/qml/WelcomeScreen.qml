import QtQuick
import PickupBox.Backend

// Start: choose a language, collect a document; staff entry in a corner.
Item {
    id: screen

    property string name: "welcome"
    signal navigate(string name, var props)

    Rectangle {
        id: header
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: 520
        color: Theme.dark

        Row {
            id: languages
            anchors.top: parent.top
            anchors.right: parent.right
            anchors.margins: Theme.margin
            spacing: Theme.spacing

            BigButton {
                objectName: "langDa"
                //: The name of the language in that language; keep it "Dansk".
                text: qsTr("Dansk")
                kind: Language.code === "da" ? "highlight" : "secondary"
                Accessible.name: "Dansk"
                Accessible.checkable: true
                Accessible.checked: Language.code === "da"
                onClicked: Language.set("da")
            }
            BigButton {
                objectName: "langEn"
                //: The name of the language in that language; keep it "English".
                text: qsTr("English")
                kind: Language.code === "en" ? "highlight" : "secondary"
                Accessible.name: "English"
                Accessible.checkable: true
                Accessible.checked: Language.code === "en"
                onClicked: Language.set("en")
            }
        }

        Text {
            objectName: "title"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: Theme.margin
            text: qsTr("Welcome to the pickup box")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.textOnDark
            wrapMode: Text.WordWrap
        }
    }

    Column {
        anchors.top: header.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        spacing: Theme.spacing * 2

        Text {
            objectName: "message"
            width: parent.width
            text: qsTr("Here you can collect your passport, driving licence or other document. You need the code from your text message (SMS).")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.text
            wrapMode: Text.WordWrap
            lineHeight: 1.15
        }

        BigButton {
            objectName: "collectButton"
            width: parent.width
            height: 260
            text: qsTr("Collect a document")
            fontSize: Theme.subheadingSize
            onClicked: screen.navigate("code", {})
        }

        Text {
            objectName: "pausedText"
            width: parent.width
            visible: Box.pausedSeconds > 0
            text: qsTr("The kiosk is paused. Try again in %n second(s).", "", Box.pausedSeconds)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            font.bold: true
            color: Theme.danger
            wrapMode: Text.WordWrap
        }
    }

    Text {
        anchors.left: parent.left
        anchors.right: staffButton.left
        anchors.verticalCenter: staffButton.verticalCenter
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.spacing
        text: qsTr("Questions? Ask at the front desk.")
        font.family: Theme.fontFamily
        font.pixelSize: Theme.smallSize
        color: Theme.textMuted
        wrapMode: Text.WordWrap
    }

    // Discreet, but still a full-size touch target.
    BigButton {
        id: staffButton
        objectName: "staffButton"
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.spacing
        kind: "secondary"
        fontSize: Theme.smallSize
        text: qsTr("Staff")
        onClicked: screen.navigate("staff_login", {})
    }
}
