import QtQuick
import PickupBox.Backend

// The document is collected. Back to the start after about 8 seconds.
Item {
    id: screen

    property string name: "thanks"
    property int timeoutMs: 8000
    signal navigate(string name, var props)

    Timer {
        interval: screen.timeoutMs
        running: true
        onTriggered: screen.navigate("welcome", {})
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.dark
    }

    Column {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        spacing: Theme.spacing * 2

        Text {
            anchors.horizontalCenter: parent.horizontalCenter
            text: "\u2713"   // ✓
            font.family: Theme.fontFamily
            font.pixelSize: 240
            font.bold: true
            color: Theme.textOnDark
            Accessible.ignored: true
        }
        Text {
            objectName: "title"
            width: parent.width
            text: qsTr("Thank you")
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
            text: qsTr("You have collected your document. Have a nice day.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.textOnDark
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
    }

    BigButton {
        objectName: "startButton"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        kind: "secondary"
        text: qsTr("Back to start")
        onClicked: screen.navigate("welcome", {})
    }
}
