import QtQuick
import PickupBox.Backend

// boxd asks for the date of birth for this order: 8 digits DDMMYYYY, shown with dashes.
Item {
    id: screen

    property string name: "identity"
    signal navigate(string name, var props)

    // "01021990" -> "01-02-1990" (dashes appear as the digits are typed)
    function formatted(digits) {
        let out = digits.slice(0, 2)
        if (digits.length > 2)
            out += "-" + digits.slice(2, 4)
        if (digits.length > 4)
            out += "-" + digits.slice(4, 8)
        return out
    }

    Connections {
        target: Pickup
        function onDoorOpened() { screen.navigate("door", {}) }
        function onRefused() {
            screen.navigate("error", {
                kind: Pickup.refusal,
                attemptsLeft: Pickup.attemptsLeft,
                waitSeconds: Pickup.waitSeconds,
                lockerId: Pickup.lockerId
            })
        }
    }

    Column {
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        anchors.topMargin: Theme.margin * 2
        spacing: Theme.spacing

        Text {
            objectName: "title"
            width: parent.width
            text: qsTr("Date of birth")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Text {
            objectName: "message"
            width: parent.width
            text: qsTr("For this document we also need your date of birth. Type day, month and year: 8 digits.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.text
            wrapMode: Text.WordWrap
        }

        Rectangle {
            width: parent.width
            height: Theme.fieldHeight + 20
            radius: Theme.radius
            color: Theme.field
            border.width: Theme.borderWidth
            border.color: Theme.border

            Text {
                objectName: "dobText"
                anchors.centerIn: parent
                text: screen.formatted(keypad.text)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.entrySize
                font.bold: true
                color: Theme.text
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("Date of birth typed: %1").arg(text)
            }
            Text {
                anchors.centerIn: parent
                visible: keypad.text.length === 0
                //: The format of a date of birth as typed: day-month-year.
                text: qsTr("DD-MM-YYYY")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.entrySize
                color: Theme.textMuted
            }
        }

        Text {
            width: parent.width
            text: qsTr("Example: 1 February 1990 is 01-02-1990")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.textMuted
            wrapMode: Text.WordWrap
        }

        Text {
            width: parent.width
            visible: Pickup.busy
            text: qsTr("Checking\u2026")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            font.bold: true
            color: Theme.text
        }
    }

    Keypad {
        id: keypad
        objectName: "keypad"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: backButton.top
        anchors.bottomMargin: Theme.spacing * 2
        maxLength: 8
        okEnabled: text.length === 8 && !Pickup.busy
        enabled: !Pickup.busy
        focus: true
        onAccepted: Pickup.submitIdentifier(text)
    }

    BigButton {
        id: backButton
        objectName: "backButton"
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        kind: "secondary"
        text: qsTr("Back to start")
        onClicked: screen.navigate("welcome", {})
    }
}
