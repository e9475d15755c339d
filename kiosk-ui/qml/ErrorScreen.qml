import QtQuick
import PickupBox.Backend

// Why the pickup did not work (kind = Pickup.refusal), and what to do next.
Item {
    id: screen

    property string name: "error"
    property string kind: "connection"
    property int attemptsLeft: -1
    property int waitSeconds: 0
    property string lockerId: ""
    property bool reported: false           // door_failed: "Report a problem" was pressed
    signal navigate(string name, var props)

    // throttled: count down what boxd said, only to show it (boxd decides when to accept again)
    property int remaining: waitSeconds
    onWaitSecondsChanged: remaining = waitSeconds

    Timer {
        interval: 1000
        repeat: true
        running: screen.kind === "throttled" && screen.remaining > 0
        onTriggered: screen.remaining = Math.max(0, screen.remaining - 1)
    }

    Connections {
        target: Pickup
        function onDoorOpened() { screen.navigate("door", {}) }
        function onRefused() {
            screen.navigate("error", {
                kind: Pickup.refusal,
                attemptsLeft: Pickup.attemptsLeft,
                waitSeconds: Pickup.waitSeconds,
                lockerId: Pickup.lockerId.length > 0 ? Pickup.lockerId : screen.lockerId
            })
        }
    }

    readonly property string titleText: {
        switch (kind) {
        case "wrong_code": return qsTr("Wrong code")
        case "wrong_identity": return qsTr("Wrong date of birth")
        case "blocked": return qsTr("Too many attempts")
        case "throttled": return qsTr("Please wait")
        case "expired": return qsTr("The code has expired")
        case "door_failed": return qsTr("The door did not open")
        case "out_of_order": return qsTr("Out of order")
        case "not_available": return qsTr("Not available")
        }
        return qsTr("Something went wrong")
    }

    readonly property string messageText: {
        switch (kind) {
        case "wrong_code":
            return attemptsLeft >= 0
                    ? qsTr("That code is not right. You have %n attempt(s) left.", "", attemptsLeft)
                    : qsTr("That code is not right. Check the code in your text message and try again.")
        case "wrong_identity":
            return attemptsLeft >= 0
                    ? qsTr("That date of birth does not match. You have %n attempt(s) left.", "", attemptsLeft)
                    : qsTr("That date of birth does not match. Please try again.")
        case "blocked":
            return qsTr("This document is locked after too many wrong attempts. Please go to the front desk.")
        case "throttled":
            return remaining > 0
                    ? qsTr("The kiosk is paused. Try again in %n second(s).", "", remaining)
                    : qsTr("You can try again now.")
        case "expired":
            return qsTr("The time to collect this document has run out. Please go to the front desk.")
        case "door_failed":
            if (reported)
                return lockerId.length > 0
                        ? qsTr("Please go to the front desk and tell them door %1.").arg(lockerId)
                        : qsTr("Please go to the front desk.")
            return lockerId.length > 0
                    ? qsTr("Door %1 did not open.").arg(lockerId)
                    : qsTr("The door did not open.")
        case "out_of_order":
            return qsTr("The pickup box is out of order. Please go to the front desk.")
        case "not_available":
            return qsTr("This document cannot be collected here right now. Please go to the front desk.")
        }
        return qsTr("The kiosk lost contact with the pickup box. Please try again.")
    }

    readonly property bool canTryAgain: ["wrong_code", "wrong_identity", "throttled", "connection"].indexOf(kind) >= 0

    Rectangle {
        id: header
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: 420
        color: Theme.danger

        Text {
            objectName: "title"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: Theme.margin
            text: screen.titleText
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.textOnDanger
            wrapMode: Text.WordWrap
        }
    }

    Text {
        objectName: "message"
        anchors.top: header.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        text: screen.messageText
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodySize + 8
        color: Theme.text
        wrapMode: Text.WordWrap
        lineHeight: 1.15
        Accessible.role: Accessible.AlertMessage
        Accessible.name: text
    }

    Column {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        BigButton {
            objectName: "reopenButton"
            width: parent.width
            // Only a pickup boxd granted can be reopened; when the first unlock failed boxd took
            // the door out of service and there is nothing to retry.
            visible: screen.kind === "door_failed" && Pickup.orderId !== ""
            text: qsTr("Try the door again")
            enabled: !Pickup.busy
            onClicked: Pickup.reopen()
        }
        BigButton {
            objectName: "reportButton"
            width: parent.width
            visible: screen.kind === "door_failed" && !screen.reported
            kind: "secondary"
            text: qsTr("Report a problem")
            onClicked: screen.reported = true
        }
        BigButton {
            objectName: "tryAgainButton"
            width: parent.width
            visible: screen.canTryAgain
            enabled: !(screen.kind === "throttled" && screen.remaining > 0)
            text: qsTr("Try again")
            // After a wrong date of birth the code was right: PickupSession keeps it for one
            // more date, so only the date is asked again.
            onClicked: screen.navigate(screen.kind === "wrong_identity" ? "identity" : "code", {})
        }
        BigButton {
            objectName: "startButton"
            width: parent.width
            kind: "secondary"
            text: qsTr("Back to start")
            onClicked: screen.navigate("welcome", {})
        }
    }
}
