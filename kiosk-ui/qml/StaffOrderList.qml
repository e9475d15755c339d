import QtQuick
import QtQuick.Controls.Basic
import PickupBox.Backend

// A list of orders in one state from boxd (staff.orders), each with one action button.
// StaffOrdersScreen (load) and StaffExpiredScreen (retrieve) are this list with their words.
Item {
    id: screen

    property string name
    property string orderState
    property string listName                 // objectName of the list, for tests
    property string actionName               // objectName prefix of each row's button
    property string titleText
    property string countText                // "N orders ..." for rows.length
    property string emptyText
    property string actionText
    property string actionAccessibleFormat   // "Load %1", with the order's reference
    signal navigate(string name, var props)
    signal act(string orderId)

    // Staff.orders is the last list asked for: show only the rows of the list this screen asked for.
    readonly property var rows: (Staff.orders || []).filter(o => o.state === undefined || o.state === screen.orderState)

    Component.onCompleted: Staff.refreshOrders(orderState)

    Connections {
        target: Staff
        function onDoorOpened() { screen.navigate("staff_door", {}) }
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
            text: screen.titleText
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.text
            wrapMode: Text.WordWrap
        }
        Text {
            objectName: "message"
            width: parent.width
            text: Staff.busy ? qsTr("Loading the list\u2026")
                             : screen.countText
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }

    ListView {
        id: list
        objectName: screen.listName
        anchors.top: top.bottom
        anchors.bottom: bottomRow.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        clip: true
        spacing: Theme.spacing
        model: screen.rows
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar { width: 24; policy: ScrollBar.AsNeeded }

        delegate: Rectangle {
            id: row
            required property var modelData
            width: list.width - 32
            height: Math.max(200, info.implicitHeight + 2 * Theme.spacing)
            radius: Theme.radius
            color: Theme.field
            border.width: 2
            border.color: Theme.border

            Column {
                id: info
                anchors.left: parent.left
                anchors.right: actionButton.left
                anchors.verticalCenter: parent.verticalCenter
                anchors.margins: Theme.spacing
                spacing: 4
                Text {
                    width: parent.width
                    text: row.modelData.reference || row.modelData.order_id
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.bodySize
                    font.bold: true
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Text {
                    width: parent.width
                    text: qsTr("%1, size %2").arg(Theme.kindName(row.modelData.document_kind))
                                             .arg(row.modelData.size)
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.smallSize
                    color: Theme.text
                    wrapMode: Text.WordWrap
                }
                Text {
                    width: parent.width
                    visible: !!row.modelData.locker_id
                    text: qsTr("Door %1").arg(row.modelData.locker_id || "")
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.smallSize
                    font.bold: true
                    color: Theme.text
                }
            }

            BigButton {
                id: actionButton
                objectName: screen.actionName + row.modelData.order_id
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.rightMargin: Theme.spacing
                width: 260
                text: screen.actionText
                Accessible.name: screen.actionAccessibleFormat.arg(row.modelData.reference || row.modelData.order_id)
                enabled: !Staff.busy
                onClicked: screen.act(row.modelData.order_id)
            }
        }
    }

    Text {
        objectName: "emptyText"
        anchors.centerIn: list
        width: list.width
        visible: !Staff.busy && screen.rows.length === 0
        text: screen.emptyText
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodySize
        color: Theme.textMuted
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
    }

    Row {
        id: bottomRow
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
            onClicked: screen.navigate("staff_home", {})
        }
        BigButton {
            objectName: "refreshButton"
            width: (parent.width - parent.spacing) / 2
            kind: "secondary"
            text: qsTr("Refresh")
            enabled: !Staff.busy
            onClicked: Staff.refreshOrders(screen.orderState)
        }
    }
}
