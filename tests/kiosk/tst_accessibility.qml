import QtQuick
import QtTest
import PickupBox.Backend
import PickupBox.Kiosk

// Every visible pressable control on every screen, in both languages, has a name for the
// screen reader and is at least Theme.touchTarget wide and high.
KioskTestCase {
    name: "accessibility"

    // Each screen, with the variants that show other controls.
    readonly property var screens: [
        ["welcome", {}], ["code", {}], ["identity", {}], ["door", { lockerId: "A07" }],
        ["thanks", { timeoutMs: 600000 }],
        ["error", { kind: "wrong_code", attemptsLeft: 3 }], ["error", { kind: "wrong_identity", attemptsLeft: 2 }],
        ["error", { kind: "blocked" }], ["error", { kind: "throttled", waitSeconds: 30 }],
        ["error", { kind: "door_failed", lockerId: "A07" }], ["error", { kind: "door_failed", lockerId: "A07", reported: true }],
        ["error", { kind: "expired" }], ["error", { kind: "connection" }], ["out_of_order", {}],
        ["staff_login", {}], ["staff_login", { step: "pin" }], ["staff_home", {}],
        ["staff_orders", {}], ["staff_adhoc", {}], ["staff_adhoc", { activeField: "dob" }],
        ["staff_door", { lockerId: "A07", purpose: "load" }], ["staff_door", { lockerId: "A07", purpose: "load", done: true }],
        ["staff_expired", {}], ["staff_service", {}], ["staff_service", { selected: "A07" }],
        ["connecting", {}]
    ]

    function init() { openKiosk() }
    function cleanup() { closeKiosk() }

    function isButton(it) {
        return ("autoRepeat" in it) && ("checkable" in it) && ("pressed" in it) && ("clicked" in it)
    }
    function isMouseArea(it) {
        return String(it).startsWith("QQuickMouseArea")
    }

    // Visible pressables under root: buttons, and mouse areas smaller than the whole screen
    // (a full-screen area is a touch catcher, like the overlay's, not a control).
    function pressables(root, out) {
        if (!root || !root.visible)
            return out
        if (isButton(root))
            out.push(root)
        else if (isMouseArea(root) && root.enabled
                 && !(root.width >= Theme.designWidth && root.height >= Theme.designHeight))
            out.push(root)
        const kids = root.children || []
        for (let i = 0; i < kids.length; ++i)
            pressables(kids[i], out)
        return out
    }

    function label(it) {
        return (it.objectName || String(it)) + (it.text !== undefined ? " \"" + it.text + "\"" : "")
    }

    function problemsOf(where) {
        const problems = []
        const found = pressables(main.contentItem, [])
        if (found.length === 0)
            problems.push(where + ": no pressable control at all")
        for (const it of found) {
            let name = it.Accessible.name
            if (isMouseArea(it) && (!name || name.length === 0) && it.parent)
                name = it.parent.Accessible.name
            if (!name || String(name).trim().length === 0)
                problems.push(where + ": " + label(it) + " has no Accessible.name")
            if (it.width < Theme.touchTarget || it.height < Theme.touchTarget)
                problems.push(where + ": " + label(it) + " is " + Math.round(it.width) + "x" + Math.round(it.height)
                              + ", below " + Theme.touchTarget + "x" + Theme.touchTarget)
        }
        return { count: found.length, problems: problems }
    }

    function test_every_control_is_named_and_large_enough() {
        // Real lists on the staff screens: an order to load, a loaded door.
        TestBox.call("orders.create", {
            session: TestBox.staffSession(), reference: "2024-118734", document_kind: "passport", size: "M",
            phone: "+4512345678"
        })
        Staff.login("desk1", "1234")
        tryCompare(Staff, "loggedIn", true, timeout)
        Staff.refreshOrders("awaiting_load")
        tryVerify(() => Staff.orders.length > 0, timeout, "the kiosk lists the order to load")

        let problems = []
        let controls = 0
        for (const lang of ["da", "en"]) {
            Language.set(lang)
            for (const [screen, props] of screens) {
                verify(main.show(screen, props), "Main.show(" + screen + ")")
                waitScreen(screen)
                if (screen !== "connecting")
                    compare(main.screenItem.name, screen)
                const where = lang + "/" + screen + (Object.keys(props).length ? " " + JSON.stringify(props) : "")
                const result = problemsOf(where)
                controls += result.count
                problems = problems.concat(result.problems)
            }
        }
        verify(controls > 100, "walked " + controls + " controls")
        compare(problems.length, 0, problems.length + " problem(s):\n" + problems.join("\n"))
        main.show("welcome")
    }

    // The walker finds what it should: a control made too small or nameless is reported.
    function test_the_walker_catches_a_bad_control() {
        const bad = badButton.createObject(main.screenItem)
        verify(bad !== null)
        const result = problemsOf("welcome+bad")
        bad.destroy()
        compare(result.problems.length, 2, result.problems.join("\n"))
    }

    Component {
        id: badButton
        BigButton {
            objectName: "tooSmall"
            width: 60
            height: 60
            Accessible.name: ""
        }
    }
}
