import QtQuick
import QtQuick.Controls.Basic
import PickupBox.Backend

// Service: every door (tap one to open it or take it out of service) and the box's health.
Item {
    id: screen

    property string name: "staff_service"
    property string selected: ""         // the door tapped
    signal navigate(string name, var props)

    Component.onCompleted: Box.refresh()

    Connections {
        target: Staff
        function onDoorOpened() { screen.navigate("staff_door", {}) }
    }

    readonly property var selectedLocker: {
        const list = Box.lockers || []
        for (let i = 0; i < list.length; ++i)
            if (list[i].id === selected)
                return list[i]
        return null
    }

    function stateName(state) {
        switch (state) {
        case "free": return qsTr("free")
        case "reserved": return qsTr("reserved")
        case "occupied": return qsTr("occupied")
        case "out_of_service": return qsTr("out of service")
        }
        return state
    }
    function doorName(door) {
        switch (door) {
        case "open": return qsTr("open")
        case "closed": return qsTr("closed")
        }
        return qsTr("unknown")
    }

    Text {
        id: title
        objectName: "title"
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        anchors.topMargin: Theme.bannerHeight
        text: qsTr("Service")
        font.family: Theme.fontFamily
        font.pixelSize: Theme.headingSize
        font.bold: true
        color: Theme.text
    }

    // The status panel.
    Rectangle {
        id: status
        objectName: "statusPanel"
        anchors.top: title.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        anchors.topMargin: Theme.spacing
        height: statusColumn.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.field
        border.width: 2
        border.color: Theme.border

        Column {
            id: statusColumn
            anchors.fill: parent
            anchors.margins: Theme.spacing
            spacing: 6

            Flow {
                width: parent.width
                spacing: Theme.spacing
                Repeater {
                    model: Box.boards
                    delegate: Text {
                        required property var modelData
                        objectName: "board_" + modelData.board
                        text: (modelData.online ? "\u25CF " : "\u25CB ")
                              + (modelData.online ? qsTr("Board %1: online").arg(modelData.board)
                                                  : qsTr("Board %1: OFFLINE").arg(modelData.board))
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.smallSize
                        font.bold: !modelData.online
                        color: modelData.online ? Theme.text : Theme.danger
                    }
                }
            }
            Text {
                objectName: "outboxText"
                width: parent.width
                text: qsTr("%n event(s) waiting to be sent", "", Box.outboxPending)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Text {
                objectName: "backofficeText"
                width: parent.width
                text: !Box.backofficeConfigured ? qsTr("Back office: not set up")
                      : Box.backofficeConnected ? qsTr("Back office: connected")
                      : (Box.backofficeError.length > 0 ? qsTr("Back office: not connected (%1)").arg(Box.backofficeError)
                                                        : qsTr("Back office: not connected"))
                font.family: Theme.fontFamily
                font.pixelSize: Theme.smallSize
                font.bold: Box.backofficeConfigured && !Box.backofficeConnected
                color: Box.backofficeConfigured && !Box.backofficeConnected ? Theme.danger : Theme.text
                wrapMode: Text.WordWrap
            }
        }
    }

    // The doors.
    GridView {
        id: grid
        objectName: "doorGrid"
        anchors.top: status.bottom
        anchors.bottom: actions.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        anchors.topMargin: Theme.spacing
        anchors.bottomMargin: Theme.spacing
        clip: true
        cellWidth: Math.floor(width / 6)
        cellHeight: 150
        model: Box.lockers
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { width: 20; policy: ScrollBar.AsNeeded }

        delegate: Item {
            id: cell
            required property var modelData
            width: grid.cellWidth
            height: grid.cellHeight

            BigButton {
                objectName: "door_" + cell.modelData.id
                anchors.fill: parent
                anchors.margins: 6
                leftPadding: 4
                rightPadding: 4
                topPadding: 4
                bottomPadding: 4
                kind: screen.selected === cell.modelData.id ? "highlight"
                      : (cell.modelData.state === "out_of_service" ? "danger"
                         : (cell.modelData.state === "free" ? "secondary" : "key"))
                fontSize: Theme.smallSize
                text: cell.modelData.id + "\n" + cell.modelData.size
                      + (cell.modelData.door === "open" ? " \u25A1" : "")
                Accessible.name: qsTr("Door %1, size %2, %3, door %4")
                                 .arg(cell.modelData.id).arg(cell.modelData.size)
                                 .arg(screen.stateName(cell.modelData.state))
                                 .arg(screen.doorName(cell.modelData.door))
                onClicked: screen.selected = cell.modelData.id
            }
        }
    }

    // What to do with the selected door.
    Column {
        id: actions
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: backButton.top
        anchors.margins: Theme.margin
        anchors.bottomMargin: Theme.spacing
        spacing: Theme.spacing

        Text {
            objectName: "selectedText"
            width: parent.width
            text: screen.selectedLocker === null
                  ? qsTr("Tap a door to open it or take it out of service.")
                  : qsTr("Door %1: %2, door %3").arg(screen.selected)
                        .arg(screen.stateName(screen.selectedLocker.state))
                        .arg(screen.doorName(screen.selectedLocker.door))
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Row {
            width: parent.width
            spacing: Theme.spacing
            BigButton {
                objectName: "openButton"
                width: (parent.width - parent.spacing) / 2
                text: qsTr("Open")
                enabled: screen.selectedLocker !== null && !Staff.busy
                Accessible.name: qsTr("Open door %1").arg(screen.selected)
                onClicked: Staff.openDoor(screen.selected)
            }
            BigButton {
                readonly property bool isOut: screen.selectedLocker !== null && screen.selectedLocker.state === "out_of_service"
                objectName: "outOfServiceButton"
                width: (parent.width - parent.spacing) / 2
                kind: "secondary"
                text: isOut ? qsTr("Back in service") : qsTr("Take out of service")
                enabled: screen.selectedLocker !== null && !Staff.busy
                Accessible.name: isOut ? qsTr("Put door %1 back in service").arg(screen.selected)
                                       : qsTr("Take door %1 out of service").arg(screen.selected)
                onClicked: Staff.setOutOfService(screen.selected, !isOut)
            }
        }
    }

    BigButton {
        id: backButton
        objectName: "backButton"
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        kind: "secondary"
        text: qsTr("Back")
        onClicked: screen.navigate("staff_home", {})
    }
}
