import QtQuick
import PickupBox.Backend

// The citizen types the code from the SMS. boxd decides whether it is right.
Item {
    id: screen

    property string name: "code"
    signal navigate(string name, var props)

    Connections {
        target: Pickup
        function onIdentityRequired() { screen.navigate("identity", {}) }
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
        id: top
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        anchors.topMargin: Theme.margin * 2
        spacing: Theme.spacing

        Text {
            objectName: "title"
            width: parent.width
            text: qsTr("Type your code")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Text {
            objectName: "message"
            width: parent.width
            text: qsTr("The code is in the text message (SMS) we sent you. It has 6 to 8 digits.")
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
                objectName: "codeText"
                anchors.centerIn: parent
                // The digits are shown (large, spaced) so the citizen can check them.
                text: keypad.text.split("").join(" ")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.entrySize
                font.bold: true
                color: Theme.text
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("Code typed: %1").arg(keypad.text.split("").join(" "))
            }
            Text {
                anchors.centerIn: parent
                visible: keypad.text.length === 0
                text: qsTr("Code")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.textMuted
            }
        }

        Text {
            width: parent.width
            visible: Pickup.busy
            text: qsTr("Checking your code\u2026")
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
        okEnabled: text.length >= 6 && text.length <= 8 && !Pickup.busy
        enabled: !Pickup.busy
        focus: true
        onAccepted: Pickup.submitCode(text)
    }

    BigButton {
        id: backButton
        objectName: "backButton"
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        kind: "secondary"
        text: qsTr("Back")
        onClicked: screen.navigate("welcome", {})
    }
}
