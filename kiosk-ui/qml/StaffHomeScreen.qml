import QtQuick
import PickupBox.Backend

// The staff menu.
Item {
    id: screen

    property string name: "staff_home"
    signal navigate(string name, var props)

    Rectangle {
        id: header
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: 360
        color: Theme.dark

        Column {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: Theme.margin
            spacing: Theme.smallSpacing

            Text {
                objectName: "title"
                width: parent.width
                text: qsTr("Staff")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.headingSize
                font.bold: true
                color: Theme.textOnDark
            }
            Text {
                objectName: "staffIdText"
                width: parent.width
                text: qsTr("Logged in as %1").arg(Staff.staffId)
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.textOnDark
                wrapMode: Text.WordWrap
            }
        }
    }

    Column {
        anchors.top: header.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        BigButton {
            objectName: "ordersButton"
            width: parent.width
            text: qsTr("Orders to load")
            onClicked: screen.navigate("staff_orders", {})
        }
        BigButton {
            objectName: "adhocButton"
            width: parent.width
            text: qsTr("New load (ad hoc)")
            onClicked: screen.navigate("staff_adhoc", {})
        }
        BigButton {
            objectName: "expiredButton"
            width: parent.width
            text: qsTr("Expired documents")
            onClicked: screen.navigate("staff_expired", {})
        }
        BigButton {
            objectName: "serviceButton"
            width: parent.width
            text: qsTr("Service")
            onClicked: screen.navigate("staff_service", {})
        }
    }

    BigButton {
        objectName: "logoutButton"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        kind: "secondary"
        text: qsTr("Log out")
        onClicked: {
            Staff.logout()
            screen.navigate("welcome", {})
        }
    }
}
