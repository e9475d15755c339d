import QtQuick
import QtQuick.Controls.Basic
import PickupBox.Backend

// Orders awaiting loading (from the back office). "Load" asks boxd for a door and opens it.
Item {
    id: screen

    property string name: "staff_orders"
    property string orderState: "awaiting_load"
    signal navigate(string name, var props)

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
            text: qsTr("Orders to load")
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
                             : qsTr("%n order(s) waiting to be loaded.", "", screen.rows.length)
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.text
            wrapMode: Text.WordWrap
        }
    }

    ListView {
        id: list
        objectName: "ordersList"
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
                anchors.right: loadButton.left
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
            }

            BigButton {
                id: loadButton
                objectName: "loadButton_" + row.modelData.order_id
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.rightMargin: Theme.spacing
                width: 260
                text: qsTr("Load")
                Accessible.name: qsTr("Load %1").arg(row.modelData.reference || row.modelData.order_id)
                enabled: !Staff.busy
                onClicked: Staff.loadOrder(row.modelData.order_id)
            }
        }
    }

    Text {
        objectName: "emptyText"
        anchors.centerIn: list
        width: list.width
        visible: !Staff.busy && screen.rows.length === 0
        text: qsTr("No documents are waiting to be loaded.")
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
