import QtQuick
import PickupBox.Backend

// A picture of the locker bank drawn from Box.lockers: one column per board (lowest board
// first, on the left), doors stacked by channel from the top, heights by size
// (S = 1 unit, M = 2, L = 3). The door `highlight` is drawn in a strong colour with its id.
Item {
    id: picture

    property string highlight: ""
    property var lockers: Box.lockers

    implicitWidth: 600
    implicitHeight: 700

    Accessible.role: Accessible.Graphic
    Accessible.name: highlight.length > 0 ? qsTr("Picture of the lockers. Door %1 is marked.").arg(highlight)
                                          : qsTr("Picture of the lockers.")

    function units(size) {
        return size === "L" ? 3 : (size === "M" ? 2 : 1)
    }

    // [{board, doors: [locker...], units}] sorted by board, doors by channel
    readonly property var columns: {
        const byBoard = {}
        const list = picture.lockers || []
        for (let i = 0; i < list.length; ++i) {
            const l = list[i]
            const b = Number(l.board)
            if (!(b in byBoard))
                byBoard[b] = []
            byBoard[b].push(l)
        }
        const boards = Object.keys(byBoard).map(Number).sort((a, b) => a - b)
        return boards.map(b => {
            const doors = byBoard[b].slice().sort((x, y) => Number(x.channel) - Number(y.channel))
            let u = 0
            for (const d of doors)
                u += picture.units(d.size)
            return { board: b, doors: doors, units: u }
        })
    }
    readonly property int maxUnits: {
        let m = 1
        for (const c of columns)
            m = Math.max(m, c.units)
        return m
    }
    readonly property int gap: 4
    readonly property real unitHeight: {
        let maxDoors = 1
        for (const c of columns)
            maxDoors = Math.max(maxDoors, c.doors.length)
        return Math.max(1, (row.height - (maxDoors - 1) * gap) / maxUnits)
    }

    Rectangle {
        anchors.fill: parent
        color: Theme.dark
        radius: Theme.radius
    }

    Row {
        id: row
        anchors.fill: parent
        anchors.margins: picture.gap * 2
        spacing: picture.gap * 3

        Repeater {
            model: picture.columns
            delegate: Column {
                id: col
                required property var modelData
                width: picture.columns.length > 0
                       ? (row.width - (picture.columns.length - 1) * row.spacing) / picture.columns.length
                       : 0
                spacing: picture.gap

                Repeater {
                    model: col.modelData.doors
                    delegate: Rectangle {
                        required property var modelData
                        readonly property bool marked: modelData.id === picture.highlight
                        objectName: "cell_" + modelData.id
                        width: col.width
                        height: picture.units(modelData.size) * picture.unitHeight
                        z: marked ? 1 : 0
                        radius: 4
                        color: marked ? Theme.highlight
                                      : (modelData.state === "out_of_service" ? Theme.cellOutOfService : Theme.cellFree)
                        border.width: marked ? Theme.focusWidth : 1
                        border.color: marked ? Theme.textOnDark : Theme.dark

                        Text {
                            anchors.centerIn: parent
                            visible: !parent.marked && parent.height >= 36
                            text: modelData.id
                            font.family: Theme.fontFamily
                            font.pixelSize: Math.min(28, parent.height * 0.7)
                            color: modelData.state === "out_of_service" ? Theme.textOnCellOutOfService : Theme.text
                        }

                        // The marked door's id, large enough to read even on a small door.
                        Rectangle {
                            visible: parent.marked
                            anchors.centerIn: parent
                            width: Math.max(parent.width, label.implicitWidth + 24)
                            height: Math.max(parent.height, label.implicitHeight + 8)
                            radius: 4
                            color: Theme.highlight
                            border.width: Theme.focusWidth
                            border.color: Theme.textOnHighlight
                            Text {
                                id: label
                                anchors.centerIn: parent
                                text: modelData.id
                                font.family: Theme.fontFamily
                                font.pixelSize: Theme.bodySize
                                font.bold: true
                                color: Theme.textOnHighlight
                            }
                        }
                    }
                }
            }
        }
    }
}
