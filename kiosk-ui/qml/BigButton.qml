import QtQuick
import QtQuick.Controls.Basic

// A touch button with the kiosk's sizes: never smaller than Theme.touchTarget.
// kind: "primary" (dark blue), "secondary" (white with a border), "danger" (dark red),
// "key" (keypad key), "highlight" (selected choice).
Button {
    id: control

    property string kind: "primary"
    property int fontSize: Theme.buttonFontSize

    implicitWidth: Math.max(Theme.touchTarget, implicitContentWidth + leftPadding + rightPadding)
    implicitHeight: Math.max(Theme.buttonHeight, implicitContentHeight + topPadding + bottomPadding)
    padding: Theme.spacing
    leftPadding: 40
    rightPadding: 40
    focusPolicy: Qt.NoFocus

    Accessible.role: Accessible.Button
    Accessible.name: text

    readonly property color fillColor: {
        if (!enabled)
            return Theme.disabled
        const pressed = control.down
        switch (kind) {
        case "secondary": return pressed ? Theme.secondaryPressed : Theme.secondary
        case "danger": return pressed ? Theme.dangerPressed : Theme.danger
        case "key": return pressed ? Theme.keyPressed : Theme.keyBackground
        case "highlight": return pressed ? Theme.keyPressed : Theme.highlight
        }
        return pressed ? Theme.primaryPressed : Theme.primary
    }
    readonly property color labelColor: {
        if (!enabled)
            return Theme.textOnDisabled
        switch (kind) {
        case "secondary": return Theme.textOnSecondary
        case "danger": return Theme.textOnDanger
        case "key": return Theme.text
        case "highlight": return Theme.textOnHighlight
        }
        return Theme.textOnPrimary
    }

    contentItem: Text {
        text: control.text
        font.family: Theme.fontFamily
        font.pixelSize: control.fontSize
        font.bold: true
        color: control.labelColor
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
        elide: Text.ElideRight
        maximumLineCount: 3
    }

    background: Rectangle {
        radius: Theme.radius
        color: control.fillColor
        border.width: (control.kind === "secondary" || control.kind === "key"
                       || control.kind === "highlight" || control.visualFocus) ? Theme.borderWidth : 0
        border.color: Theme.border
    }
}
