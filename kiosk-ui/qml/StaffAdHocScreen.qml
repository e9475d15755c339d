import QtQuick
import PickupBox.Backend

// Load a document that has no order yet: phone number, kind, size, optional date of birth.
// boxd validates everything and chooses the door.
Item {
    id: screen

    property string name: "staff_adhoc"
    property string phone: ""
    property string documentKind: ""
    property string size: ""
    property string dateOfBirth: ""          // "" or DDMMYYYY
    property string activeField: "phone"     // which field the keypad types into
    signal navigate(string name, var props)

    Connections {
        target: Staff
        function onDoorOpened() { screen.navigate("staff_door", {}) }
    }

    function edit(field) {
        activeField = field
        keypad.maxLength = field === "phone" ? 16 : 8
        keypad.text = field === "phone" ? phone : dateOfBirth
    }

    function formattedDate(digits) {
        let out = digits.slice(0, 2)
        if (digits.length > 2)
            out += "-" + digits.slice(2, 4)
        if (digits.length > 4)
            out += "-" + digits.slice(4, 8)
        return out
    }

    component Field: Rectangle {
        id: field
        property string fieldName
        property string label
        property string value
        property string placeholder
        signal pressed()
        height: Theme.fieldHeight
        radius: Theme.radius
        color: screen.activeField === fieldName ? Theme.fieldActive : Theme.field
        border.width: screen.activeField === fieldName ? Theme.focusWidth : 2
        border.color: Theme.border
        Accessible.role: Accessible.EditableText
        Accessible.name: label + ": " + value

        Text {
            anchors.left: parent.left
            anchors.top: parent.top
            anchors.leftMargin: Theme.spacing
            anchors.topMargin: 8
            text: field.label
            font.family: Theme.fontFamily
            font.pixelSize: Theme.smallSize
            color: Theme.textMuted
        }
        Text {
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.rightMargin: Theme.spacing
            anchors.bottomMargin: 8
            width: parent.width - 2 * Theme.spacing
            horizontalAlignment: Text.AlignRight
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Theme.smallSize
            text: field.value.length > 0 ? field.value : field.placeholder
            font.family: Theme.fontFamily
            font.pixelSize: Theme.subheadingSize
            font.bold: field.value.length > 0
            color: field.value.length > 0 ? Theme.text : Theme.textMuted
        }
        MouseArea {
            anchors.fill: parent
            onClicked: field.pressed()
        }
    }

    Column {
        id: form
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.margin
        anchors.topMargin: Theme.bannerHeight
        spacing: Theme.spacing

        Text {
            objectName: "title"
            width: parent.width
            text: qsTr("New load")
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingSize
            font.bold: true
            color: Theme.text
        }

        Row {
            width: parent.width
            spacing: Theme.spacing
            Field {
                objectName: "phoneField"
                width: (parent.width - parent.spacing) * 0.58
                fieldName: "phone"
                label: qsTr("Phone number")
                value: screen.phone
                placeholder: "+45\u2026"
                onPressed: screen.edit("phone")
            }
            Field {
                objectName: "dobField"
                width: (parent.width - parent.spacing) * 0.42
                fieldName: "dob"
                label: qsTr("Date of birth")
                value: screen.formattedDate(screen.dateOfBirth)
                placeholder: qsTr("Optional")
                onPressed: screen.edit("dob")
            }
        }

        Grid {
            id: kinds
            columns: 2
            spacing: Theme.smallSpacing
            width: parent.width
            Repeater {
                model: ["passport", "driving_licence", "id_card", "other"]
                delegate: BigButton {
                    required property string modelData
                    objectName: "kind_" + modelData
                    width: (kinds.width - kinds.spacing) / 2
                    height: Theme.touchTarget + 10
                    kind: screen.documentKind === modelData ? "highlight" : "secondary"
                    fontSize: Theme.smallSize
                    leftPadding: Theme.smallSpacing
                    rightPadding: Theme.smallSpacing
                    text: Theme.kindName(modelData)
                    Accessible.checkable: true
                    Accessible.checked: screen.documentKind === modelData
                    onClicked: screen.documentKind = modelData
                }
            }
        }

        Row {
            id: sizes
            width: parent.width
            spacing: Theme.smallSpacing
            Text {
                width: 200
                height: Theme.touchTarget
                verticalAlignment: Text.AlignVCenter
                text: qsTr("Size")
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                color: Theme.text
            }
            Repeater {
                model: ["S", "M", "L"]
                delegate: BigButton {
                    required property string modelData
                    objectName: "size_" + modelData
                    width: (sizes.width - 200 - 3 * sizes.spacing) / 3
                    height: Theme.touchTarget + 10
                    kind: screen.size === modelData ? "highlight" : "secondary"
                    text: modelData
                    Accessible.name: Theme.sizeName(modelData)
                    Accessible.checkable: true
                    Accessible.checked: screen.size === modelData
                    onClicked: screen.size = modelData
                }
            }
        }
    }

    Keypad {
        id: keypad
        objectName: "keypad"
        anchors.top: form.bottom
        anchors.topMargin: Theme.spacing
        anchors.horizontalCenter: parent.horizontalCenter
        maxLength: 16
        allowPlus: screen.activeField === "phone"
        showOk: false
        focus: true
        onTextChanged: {
            if (screen.activeField === "phone")
                screen.phone = text
            else
                screen.dateOfBirth = text
        }
    }

    Row {
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
            objectName: "loadButton"
            width: (parent.width - parent.spacing) / 2
            text: qsTr("Load")
            // Only "is everything filled in"; boxd checks the values.
            enabled: !Staff.busy && screen.phone.length > 0 && screen.documentKind.length > 0
                     && screen.size.length > 0
                     && (screen.dateOfBirth.length === 0 || screen.dateOfBirth.length === 8)
            onClicked: Staff.loadAdHoc(screen.phone, screen.documentKind, screen.size, screen.dateOfBirth)
        }
    }
}
