import QtQuick
import PickupBox.Backend

// A door opened for a member of staff (Staff.doorOpened): load, retrieve or service.
// When the door closes boxd confirms (Staff.confirmed) and this screen says so.
Item {
    id: screen

    property string name: "staff_door"
    property string lockerId: Staff.lockerId
    property string purpose: Staff.purpose      // load, retrieve, service
    property bool done: false                    // Staff.confirmed arrived
    signal navigate(string name, var props)

    readonly property var locker: {
        const list = Box.lockers || []
        for (let i = 0; i < list.length; ++i)
            if (list[i].id === lockerId)
                return list[i]
        return null
    }
    // A door on a relay board has no sensor: the member of staff says when it is shut.
    readonly property bool hasSensor: locker === null || locker.door_sensor !== false
    readonly property bool simulatorControls: typeof kioskSimulatorControls !== "undefined" && kioskSimulatorControls === true

    Connections {
        target: Staff
        function onConfirmed() { screen.done = true }
        function onDoorOpened() {
            screen.done = false
        }
    }

    readonly property string doorMessage: {
        if (purpose === "load")
            return qsTr("Door %1 is open: put the document in and close the door").arg(lockerId)
        if (purpose === "retrieve")
            return qsTr("Door %1 is open: take the document out and close the door").arg(lockerId)
        return qsTr("Door %1 is open").arg(lockerId)
    }
    readonly property string doneMessage: {
        if (purpose === "load")
            return qsTr("Loaded: the citizen gets an SMS")
        if (purpose === "retrieve")
            return qsTr("Returned")
        return qsTr("Door %1 is closed").arg(lockerId)
    }

    Rectangle {
        id: header
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: Math.max(480, doorText.implicitHeight + Theme.bannerHeight + 2 * Theme.margin)
        color: screen.done ? Theme.success : Theme.dark

        Text {
            id: doorText
            objectName: "doorText"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: Theme.margin
            text: screen.done ? screen.doneMessage : screen.doorMessage
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: screen.done ? Theme.textOnSuccess : Theme.textOnDark
            wrapMode: Text.WordWrap
        }
    }

    Text {
        id: message
        objectName: "message"
        anchors.top: header.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        text: screen.done ? qsTr("You can close this screen.")
                          : (screen.hasSensor ? qsTr("The box notices by itself when the door is closed.")
                                              : qsTr("This door has no sensor: press \u201cThe door is shut\u201d when you have closed it."))
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodySize
        color: Theme.text
        wrapMode: Text.WordWrap
    }

    LockerBankPicture {
        objectName: "lockerPicture"
        anchors.top: message.bottom
        anchors.bottom: buttons.top
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.topMargin: Theme.spacing
        anchors.bottomMargin: Theme.spacing
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

        BigButton {
            objectName: "simCloseButton"
            width: parent.width
            visible: screen.simulatorControls && !screen.done && screen.hasSensor
            kind: "secondary"
            text: qsTr("Simulator: close door %1").arg(screen.lockerId)
            onClicked: Api.call("sim.door", { locker_id: screen.lockerId, action: "close" }, function (ok, data) {})
        }
        BigButton {
            objectName: "shutButton"
            width: parent.width
            visible: !screen.hasSensor && !screen.done
            text: qsTr("The door is shut")
            enabled: !Staff.busy
            onClicked: Staff.confirmClosed(screen.lockerId)
        }
        BigButton {
            objectName: "doneButton"
            width: parent.width
            visible: screen.done
            text: qsTr("Done")
            onClicked: screen.navigate("staff_home", {})
        }
        BigButton {
            objectName: "backButton"
            width: parent.width
            visible: !screen.done
            kind: "secondary"
            text: qsTr("Back to the staff menu")
            onClicked: screen.navigate("staff_home", {})
        }
    }
}
