import QtQuick
import PickupBox.Backend

// The door is unlocked: take the document and close the door.
Item {
    id: screen

    property string name: "door"
    property string lockerId: Pickup.lockerId
    property bool reopened: false
    readonly property bool simulatorControls: typeof kioskSimulatorControls !== "undefined" && kioskSimulatorControls === true
    signal navigate(string name, var props)

    Connections {
        target: Pickup
        function onCollected() { screen.navigate("thanks", {}) }
        function onDoorOpened() { screen.reopened = true }
        function onRefused() {
            screen.navigate("error", {
                kind: Pickup.refusal,
                attemptsLeft: Pickup.attemptsLeft,
                waitSeconds: Pickup.waitSeconds,
                lockerId: screen.lockerId
            })
        }
    }

    Rectangle {
        id: header
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: doorText.implicitHeight + 2 * Theme.margin + Theme.margin
        color: Theme.dark

        Text {
            id: doorText
            objectName: "doorText"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.verticalCenter: parent.verticalCenter
            anchors.margins: Theme.margin
            text: qsTr("Door %1 is open: take your document and close the door").arg(screen.lockerId)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.textOnDark
            wrapMode: Text.WordWrap
            lineHeight: 1.1
        }
    }

    Text {
        id: message
        objectName: "message"
        anchors.top: header.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        text: screen.reopened ? qsTr("The door has been opened again.")
                              : qsTr("The door is marked in yellow below.")
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodySize
        font.bold: screen.reopened
        color: Theme.text
        wrapMode: Text.WordWrap
    }

    LockerBankPicture {
        objectName: "lockerPicture"
        anchors.top: message.bottom
        anchors.bottom: buttons.top
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.topMargin: Theme.spacing
        anchors.bottomMargin: Theme.margin
        width: Math.min(parent.width - 2 * Theme.margin, 720)
        highlight: screen.lockerId
    }

    Column {
        id: buttons
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        // Development beside a simulated box only (--simulator-controls): the simulated hand.
        BigButton {
            objectName: "simCloseButton"
            width: parent.width
            visible: screen.simulatorControls
            kind: "secondary"
            text: qsTr("Simulator: close door %1").arg(screen.lockerId)
            onClicked: Api.call("sim.door", { locker_id: screen.lockerId, action: "close" }, function (ok, data) {})
        }
        BigButton {
            id: reopenButton
            objectName: "reopenButton"
            width: parent.width
            kind: "secondary"
            text: qsTr("The door did not open")
            enabled: !Pickup.busy
            onClicked: Pickup.reopen()
        }
    }
}
