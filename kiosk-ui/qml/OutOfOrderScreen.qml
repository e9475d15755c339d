import QtQuick
import PickupBox.Backend

// Shown instead of the start screen while boxd says the box is out of order.
// It goes away by itself when the box works again; staff can still log in.
Item {
    id: screen

    property string name: "out_of_order"
    signal navigate(string name, var props)

    Rectangle {
        anchors.fill: parent
        color: Theme.dark
    }

    Row {
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        BigButton {
            objectName: "langDa"
            text: qsTr("Dansk")
            kind: Language.code === "da" ? "highlight" : "secondary"
            Accessible.name: "Dansk"
            onClicked: Language.set("da")
        }
        BigButton {
            objectName: "langEn"
            text: qsTr("English")
            kind: Language.code === "en" ? "highlight" : "secondary"
            Accessible.name: "English"
            onClicked: Language.set("en")
        }
    }

    Column {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        spacing: Theme.spacing * 2

        Text {
            objectName: "title"
            width: parent.width
            text: qsTr("Out of order")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.textOnDark
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
        Text {
            objectName: "message"
            width: parent.width
            text: qsTr("The pickup box cannot be used right now. Please go to the front desk. We are sorry for the inconvenience.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.textOnDark
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
    }

    BigButton {
        objectName: "staffButton"
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.spacing
        kind: "secondary"
        fontSize: Theme.smallSize
        text: qsTr("Staff")
        onClicked: screen.navigate("staff_login", {})
    }
}
