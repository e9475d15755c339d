import QtQuick

// Letters a-z and digits 0-9 (lower case) and a backspace: for the staff id.
// Keys: objectName "kbd_a".."kbd_z", "kbd_0".."kbd_9", "kbd_backspace".
FocusScope {
    id: keyboard

    property string text: ""
    property int maxLength: 32

    implicitWidth: 7 * Theme.keyboardKeySize + 6 * Theme.keyboardSpacing
    implicitHeight: column.implicitHeight
    focus: true

    function append(ch) {
        if (text.length < maxLength)
            text = text + ch
    }
    function backspace() { text = text.slice(0, -1) }

    Keys.onPressed: (event) => {
        const t = event.text.toLowerCase()
        if (t.length === 1 && /[a-z0-9]/.test(t)) {
            append(t)
            event.accepted = true
        } else if (event.key === Qt.Key_Backspace) {
            backspace()
            event.accepted = true
        }
    }

    component Key: BigButton {
        property string key
        objectName: "kbd_" + key
        kind: "key"
        text: key
        Accessible.name: key
        fontSize: Theme.keyFontSize
        leftPadding: 0
        rightPadding: 0
        width: Theme.keyboardKeySize
        height: Theme.keyboardKeySize
        enabled: keyboard.text.length < keyboard.maxLength
        onClicked: keyboard.append(key)
    }

    Column {
        id: column
        spacing: Theme.keyboardSpacing * 3

        Flow {
            width: keyboard.implicitWidth
            spacing: Theme.keyboardSpacing
            Repeater {
                model: "abcdefghijklmnopqrstuvwxyz".split("")
                delegate: Key {
                    required property string modelData
                    key: modelData
                }
            }
            BigButton {
                objectName: "kbd_backspace"
                kind: "key"
                text: "\u232B"
                Accessible.name: qsTr("Delete last character")
                fontSize: Theme.keyFontSize
                width: 2 * Theme.keyboardKeySize + Theme.keyboardSpacing
                height: Theme.keyboardKeySize
                enabled: keyboard.text.length > 0
                onClicked: keyboard.backspace()
            }
        }

        Grid {
            columns: 5
            spacing: Theme.keyboardSpacing
            Repeater {
                model: "1234567890".split("")
                delegate: Key {
                    required property string modelData
                    key: modelData
                    width: (keyboard.implicitWidth - 4 * Theme.keyboardSpacing) / 5
                }
            }
        }
    }
}
