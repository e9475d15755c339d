import QtQuick

// A large numeric keypad: 1-9, 0, Clear, Back(space) and OK; optionally a "+" key (phone
// numbers). It only edits `text`; what the digits mean is the backend's business.
// Keys: objectName "key_0".."key_9", "key_plus", "key_clear", "key_backspace", "key_ok".
// A physical keypad works too: digits, Backspace, Delete/Escape (clear), Enter/Return (OK).
FocusScope {
    id: keypad

    property string text: ""
    property int maxLength: 8
    property bool okEnabled: text.length > 0
    property bool showOk: true
    property string okText: qsTr("OK")
    property bool allowPlus: false     // show a "+" key (only as the first character)

    signal accepted()

    implicitWidth: 3 * Theme.keyWidth + 2 * Theme.keySpacing
    implicitHeight: grid.implicitHeight + (showOk || allowPlus ? Theme.keySpacing + Theme.keyHeight : 0)
    focus: true

    function append(ch) {
        if (text.length >= maxLength)
            return
        if (ch === "+" && (!allowPlus || text.length > 0))
            return
        text = text + ch
    }
    function backspace() { text = text.slice(0, -1) }
    function clear() { text = "" }
    function accept() {
        if (okEnabled)
            accepted()
    }

    Keys.onPressed: (event) => {
        if (event.key >= Qt.Key_0 && event.key <= Qt.Key_9) {
            append(String(event.key - Qt.Key_0))
        } else if (event.key === Qt.Key_Plus) {
            append("+")
        } else if (event.key === Qt.Key_Backspace) {
            backspace()
        } else if (event.key === Qt.Key_Delete || event.key === Qt.Key_Escape) {
            clear()
        } else if (event.key === Qt.Key_Return || event.key === Qt.Key_Enter) {
            accept()
        } else {
            return
        }
        event.accepted = true
    }

    Grid {
        id: grid
        columns: 3
        spacing: Theme.keySpacing

        Repeater {
            model: ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
            delegate: BigButton {
                required property string modelData
                objectName: "key_" + modelData
                kind: "key"
                text: modelData
                fontSize: Theme.keyFontSize
                width: Theme.keyWidth
                height: Theme.keyHeight
                enabled: keypad.text.length < keypad.maxLength
                onClicked: keypad.append(modelData)
            }
        }

        // Bottom row: Clear (or "+") - 0 - Backspace
        BigButton {
            objectName: keypad.allowPlus ? "key_plus" : "key_clear"
            kind: "key"
            text: keypad.allowPlus ? "+" : qsTr("Clear")
            Accessible.name: keypad.allowPlus ? qsTr("Plus") : qsTr("Clear")
            fontSize: keypad.allowPlus ? Theme.keyFontSize : Theme.buttonFontSize
            width: Theme.keyWidth
            height: Theme.keyHeight
            enabled: keypad.allowPlus ? keypad.text.length === 0 : keypad.text.length > 0
            onClicked: keypad.allowPlus ? keypad.append("+") : keypad.clear()
        }
        BigButton {
            objectName: "key_0"
            kind: "key"
            text: "0"
            fontSize: Theme.keyFontSize
            width: Theme.keyWidth
            height: Theme.keyHeight
            enabled: keypad.text.length < keypad.maxLength
            onClicked: keypad.append("0")
        }
        BigButton {
            objectName: "key_backspace"
            kind: "key"
            text: "\u232B"   // ⌫
            Accessible.name: qsTr("Delete last digit")
            fontSize: Theme.keyFontSize
            width: Theme.keyWidth
            height: Theme.keyHeight
            enabled: keypad.text.length > 0
            onClicked: keypad.backspace()
        }
    }

    Row {
        anchors.top: grid.bottom
        anchors.topMargin: Theme.keySpacing
        spacing: Theme.keySpacing
        visible: keypad.showOk || keypad.allowPlus

        // With a "+" key, Clear moves down beside OK.
        BigButton {
            objectName: "key_clear"
            visible: keypad.allowPlus
            kind: "key"
            text: qsTr("Clear")
            width: Theme.keyWidth
            height: Theme.keyHeight
            enabled: keypad.text.length > 0
            onClicked: keypad.clear()
        }
        BigButton {
            objectName: "key_ok"
            visible: keypad.showOk
            kind: "primary"
            text: keypad.okText
            width: keypad.allowPlus ? 2 * Theme.keyWidth + Theme.keySpacing
                                    : 3 * Theme.keyWidth + 2 * Theme.keySpacing
            height: Theme.keyHeight
            enabled: keypad.okEnabled
            onClicked: keypad.accept()
        }
    }
}
