import QtQuick

// Above everything while the kiosk has no contact with boxd: "One moment…".
// It swallows every touch so nothing underneath can be pressed meanwhile.
Rectangle {
    id: overlay

    property string name: "connecting"

    color: Theme.dark

    Accessible.role: Accessible.AlertMessage
    Accessible.name: connectingText.text

    MouseArea {
        anchors.fill: parent
        // swallow presses, wheel and hover
        hoverEnabled: true
        onWheel: (wheel) => wheel.accepted = true
    }

    Column {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        spacing: Theme.spacing * 2

        // A quiet "busy" sign: three dots that take turns.
        Row {
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: Theme.spacing
            Repeater {
                model: 3
                delegate: Rectangle {
                    required property int index
                    width: 40
                    height: 40
                    radius: 20
                    color: Theme.textOnDark
                    opacity: dotTimer.step === index ? 1.0 : 0.35
                }
            }
        }

        Text {
            id: connectingText
            objectName: "connectingText"
            width: parent.width
            text: qsTr("One moment\u2026")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.textOnDark
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
        Text {
            width: parent.width
            text: qsTr("The pickup box is getting ready.")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodySize
            color: Theme.textOnDark
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
    }

    Timer {
        id: dotTimer
        property int step: 0
        interval: 500
        repeat: true
        running: overlay.visible
        onTriggered: step = (step + 1) % 3
    }
}
