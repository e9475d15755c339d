import QtQuick
import PickupBox.Backend

// Staff log in: first the staff id on the letter keyboard, then the PIN on the keypad.
Item {
    id: screen

    property string name: "staff_login"
    property string step: "id"          // "id" or "pin"
    signal navigate(string name, var props)

    // Staff notifies through one `changed` signal: follow loggedIn through a binding.
    readonly property bool loggedIn: Staff.loggedIn
    onLoggedInChanged: if (loggedIn) navigate("staff_home", {})
    Component.onCompleted: if (loggedIn) navigate("staff_home", {})

    Connections {
        target: Staff
        function onLoginFailed() {
            pinPad.clear()
        }
    }

    Column {
        id: top
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        anchors.topMargin: Theme.bannerHeight + Theme.spacing
        spacing: Theme.spacing

        Text {
            objectName: "title"
            width: parent.width
            text: qsTr("Staff login")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.text
        }
        Text {
            objectName: "message"
            width: parent.width
            text: screen.step === "id" ? qsTr("Type your staff id.") : qsTr("Type your PIN.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.text
            wrapMode: Text.WordWrap
        }

        // The staff id: a field; pressing it in the PIN step goes back to change it.
        Rectangle {
            width: parent.width
            height: Theme.fieldHeight
            radius: Theme.radius
            color: screen.step === "id" ? Theme.fieldActive : Theme.field
            border.width: Theme.borderWidth
            border.color: Theme.border

            Text {
                anchors.left: parent.left
                anchors.leftMargin: Theme.spacing
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("Staff id")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.textMuted
            }
            Text {
                objectName: "staffIdText"
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.leftMargin: 300
                anchors.rightMargin: 200
                horizontalAlignment: Text.AlignLeft
                elide: Text.ElideLeft
                text: keyboard.text
                font.family: Theme.fontFamily
                font.pixelSize: Theme.entrySize * 0.7
                font.bold: true
                color: Theme.text
            }
            BigButton {
                objectName: "changeIdButton"
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.rightMargin: Theme.smallSpacing
                height: Theme.touchTarget
                visible: screen.step === "pin"
                kind: "secondary"
                fontSize: Theme.smallSize
                text: qsTr("Change")
                Accessible.name: qsTr("Change staff id")
                onClicked: { pinPad.clear(); screen.step = "id" }
            }
        }

        Rectangle {
            width: parent.width
            height: Theme.fieldHeight
            radius: Theme.radius
            visible: screen.step === "pin"
            color: Theme.fieldActive
            border.width: Theme.borderWidth
            border.color: Theme.border

            Text {
                anchors.left: parent.left
                anchors.leftMargin: Theme.spacing
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("PIN")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.textMuted
            }
            Text {
                objectName: "pinText"
                anchors.left: parent.left
                anchors.verticalCenter: parent.verticalCenter
                anchors.leftMargin: 300
                // masked: one dot per digit
                text: "\u25CF".repeat(pinPad.text.length)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.entrySize * 0.7
                color: Theme.text
                Accessible.name: qsTr("%n digit(s) typed", "", pinPad.text.length)
            }
        }
    }

    OnScreenKeyboard {
        id: keyboard
        objectName: "keyboard"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: top.bottom
        anchors.topMargin: Theme.spacing * 2
        visible: screen.step === "id"
        focus: screen.step === "id"
        maxLength: 32
    }

    Keypad {
        id: pinPad
        objectName: "pinPad"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: top.bottom
        anchors.topMargin: Theme.spacing * 2
        visible: screen.step === "pin"
        focus: screen.step === "pin"
        maxLength: 12
        showOk: false
        onAccepted: loginButton.clicked()
    }

    Row {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        BigButton {
            objectName: "backButton"
            width: (parent.width - parent.spacing) / 2
            kind: "secondary"
            text: qsTr("Back")
            onClicked: screen.navigate("welcome", {})
        }
        BigButton {
            objectName: "nextButton"
            width: (parent.width - parent.spacing) / 2
            visible: screen.step === "id"
            text: qsTr("Next")
            enabled: keyboard.text.length > 0
            onClicked: screen.step = "pin"
        }
        BigButton {
            id: loginButton
            objectName: "loginButton"
            width: (parent.width - parent.spacing) / 2
            visible: screen.step === "pin"
            text: qsTr("Log in")
            enabled: keyboard.text.length > 0 && pinPad.text.length > 0 && !Staff.busy
            onClicked: {
                if (enabled)
                    Staff.login(keyboard.text, pinPad.text)
            }
        }
    }
}
