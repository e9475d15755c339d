import QtQuick
import QtQuick.Window
import PickupBox.Backend

// The kiosk window and its one flow: a Loader holds the current screen, so a screen and
// whatever was typed on it are destroyed when the screen changes.
// For tests and the screenshot tool:
//   screen          the name of what the user sees ("connecting" while the overlay is up)
//   current         the name of the screen in the Loader (under the overlay)
//   show(name, props)  go to a screen by name, setting `props` on it; returns false for an
//                   unknown name. show("connecting") forces the overlay until the next show().
Window {
    id: root

    width: Theme.designWidth
    height: Theme.designHeight
    title: qsTr("Pickup Box")
    color: Theme.background

    property string current: ""
    property bool forceConnecting: false
    readonly property bool connecting: forceConnecting || !Api.connected
    readonly property string screen: connecting ? "connecting" : current
    readonly property Item screenItem: loader.item

    readonly property var screens: ({
        "welcome": "WelcomeScreen.qml",
        "code": "CodeEntryScreen.qml",
        "identity": "IdentityScreen.qml",
        "door": "DoorOpenScreen.qml",
        "thanks": "ThankYouScreen.qml",
        "error": "ErrorScreen.qml",
        "out_of_order": "OutOfOrderScreen.qml",
        "staff_login": "StaffLoginScreen.qml",
        "staff_home": "StaffHomeScreen.qml",
        "staff_orders": "StaffOrdersScreen.qml",
        "staff_adhoc": "StaffAdHocScreen.qml",
        "staff_door": "StaffDoorScreen.qml",
        "staff_expired": "StaffExpiredScreen.qml",
        "staff_service": "StaffServiceScreen.qml"
    })

    // Screens that are part of one citizen's pickup: the code, order and door stay in Pickup.
    readonly property var pickupScreens: ["identity", "door", "thanks", "error"]

    function show(name, props) {
        if (name === "connecting") {
            forceConnecting = true
            return true
        }
        let target = name
        if (Box.outOfOrder && (target === "welcome" || target === "code"))
            target = "out_of_order"
        if (!(target in screens)) {
            console.warn("Main.show: unknown screen", name)
            return false
        }
        forceConnecting = false
        if (pickupScreens.indexOf(target) < 0)
            Pickup.clear()
        // Leaving the staff screens ends the staff session: nobody finds it open on welcome.
        if (!target.startsWith("staff_") && Staff.loggedIn)
            Staff.logout()
        banner.hide()
        current = target
        loader.source = ""
        loader.setSource(Qt.resolvedUrl(screens[target]), props || {})
        return true
    }

    // Navigation asked for from inside a screen (or from a signal emitted while a screen's
    // handler runs): done after the handler returns, never under its feet.
    function go(name, props) {
        Qt.callLater(root.show, name, props)
    }

    function isStaffScreen(name) {
        return name.startsWith("staff_") && name !== "staff_login"
    }

    // The language the kiosk started in: the next citizen gets it back after an idle timeout.
    property string startLanguage: ""
    Component.onCompleted: {
        startLanguage = Language.code
        show("welcome")
    }

    Connections {
        target: Idle
        function onTimedOut() {
            // A logged-in member of staff is governed by the staff session timeout.
            if (Staff.loggedIn && root.isStaffScreen(root.current))
                return
            Pickup.clear()
            if (root.startLanguage.length > 0 && Language.code !== root.startLanguage)
                Language.set(root.startLanguage)
            if (root.current !== "welcome" && root.current !== "out_of_order")
                root.go("welcome")
        }
    }

    Connections {
        target: Staff
        function onSessionEnded() {
            if (root.current.startsWith("staff_"))
                root.go("welcome")
        }
        function onFailed() {
            banner.show(Staff.lastError.length > 0 ? Staff.lastError
                                                   : qsTr("That did not work. Please try again."))
        }
        function onLoginFailed() {
            banner.show(Staff.lastError.length > 0 ? Staff.lastError : qsTr("Wrong staff id or PIN"))
        }
    }

    // Box notifies through one `changed` signal: follow the value through a binding.
    readonly property bool outOfOrder: Box.outOfOrder
    onOutOfOrderChanged: {
        if (outOfOrder && (current === "welcome" || current === "code"))
            go("out_of_order")
        else if (!outOfOrder && current === "out_of_order")
            go("welcome")
    }

    // Everything is laid out at the design size and scaled to the window.
    Item {
        id: content
        width: Theme.designWidth
        height: Theme.designHeight
        anchors.centerIn: parent
        scale: Math.min(root.width / Theme.designWidth, root.height / Theme.designHeight)

        Loader {
            id: loader
            anchors.fill: parent
            focus: true
        }

        Connections {
            target: loader.item
            ignoreUnknownSignals: true
            function onNavigate(name, props) {
                root.go(name, props)
            }
        }

        // Any press while a member of staff is logged in keeps the staff session alive;
        // the press goes on to the control underneath.
        MouseArea {
            id: staffActivity
            objectName: "staffActivity"
            anchors.fill: parent
            enabled: Staff.loggedIn
            z: 5
            onPressed: (mouse) => {
                Staff.touch()
                mouse.accepted = false
            }
        }

        // Why the last staff action failed (Staff.lastError), or a wrong login.
        Rectangle {
            id: banner
            objectName: "errorBanner"
            z: 10
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            height: Math.max(Theme.bannerHeight, errorText.implicitHeight + 2 * Theme.spacing)
            color: Theme.danger
            visible: errorText.text.length > 0

            function show(message) {
                errorText.text = message
                hideTimer.restart()
            }
            function hide() {
                errorText.text = ""
                hideTimer.stop()
            }

            Accessible.role: Accessible.AlertMessage
            Accessible.name: errorText.text

            Text {
                id: errorText
                objectName: "errorText"
                anchors.fill: parent
                anchors.margins: Theme.spacing
                font.family: Theme.fontFamily
                font.pixelSize: Theme.bodySize
                font.bold: true
                color: Theme.textOnDanger
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }

            Timer {
                id: hideTimer
                interval: 10000
                onTriggered: banner.hide()
            }
        }

        ConnectingOverlay {
            id: overlay
            anchors.fill: parent
            z: 100
            visible: root.connecting
        }
    }
}
