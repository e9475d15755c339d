import QtQuick
import QtTest
import PickupBox.Backend
import PickupBox.Kiosk

// The base of every kiosk test: a fresh Main.qml window per test function, on the real boxd
// behind `TestBox`, and helpers that find, press and read what the screen shows.
// Nothing here asserts on its own; the helpers fail loudly when a control is missing,
// hidden or disabled, naming it.
TestCase {
    id: testCase

    when: windowShown

    property var main: null
    readonly property int timeout: 5000

    Component {
        id: mainComponent
        Main {
            visible: true
        }
    }

    // A new kiosk window, connected and on the welcome screen.
    function openKiosk() {
        // A warning from a screen (a failed type, a binding on undefined) fails the test.
        failOnWarning(/qrc:\/PickupBox\/Kiosk\//)
        Idle.timeoutMs = 60000
        if (Language.code !== "da")
            Language.set("da")
        if (Staff.loggedIn)
            Staff.logout()
        main = createTemporaryObject(mainComponent, testCase)
        verify(main !== null, "Main.qml did not load")
        kioskReady()
        tryCompare(main, "screen", "welcome", timeout)
        tryVerify(() => main.screenItem !== null && main.screenItem.visible, timeout, "no welcome screen item")
        return main
    }

    // The kiosk's own connection answers a request (after a boxd restart it may still hold
    // the old, dead connection until it notices).
    function kioskReady() {
        let answered = false
        const deadline = Date.now() + 10000
        while (!answered) {
            verify(Date.now() < deadline, "the kiosk did not reach boxd at " + TestBox.socketPath + " within 10 s")
            let reply = null
            if (Api.connected)
                Api.call("status", {}, (ok, data) => reply = { ok: ok })
            tryVerify(() => reply !== null || !Api.connected, timeout, "no answer to status")
            answered = reply !== null && reply.ok
            if (!answered)
                wait(50)    // reconnect back-off is the kiosk's (0.5 s); poll it
        }
    }

    function closeKiosk() {
        Idle.timeoutMs = 60000
        if (Staff.loggedIn)
            Staff.logout()
        Staff.sessionTimeoutMs = 300000
        if (Language.code !== "da")
            Language.set("da")
    }

    function findIn(root, name) {
        if (!root)
            return null
        if (root.objectName === name)
            return root
        const kids = root.children
        if (!kids)
            return null
        for (let i = 0; i < kids.length; ++i) {
            const found = findIn(kids[i], name)
            if (found)
                return found
        }
        return null
    }

    // The visible item `name` on the current screen, else anywhere in the window (banner,
    // overlay), else null.
    function maybe(name) {
        let found = findIn(main.screenItem, name)
        if (found && found.visible)
            return found
        found = findIn(main.contentItem, name)
        return found && found.visible ? found : null
    }

    function item(name) {
        const found = maybe(name)
        verify(found !== null, "no visible item '" + name + "' on screen '" + main.screen + "'")
        return found
    }

    function textOf(name) {
        return item(name).text
    }

    // Positioners (Row, Grid, Column) place their children when the window polishes, before
    // the next frame: a press before that lands where the control is not yet.
    function settle(control) {
        for (let it = control; it; it = it.parent) {
            if (isPolishScheduled(it))
                verify(waitForItemPolished(it, timeout), "the layout around '" + control.objectName + "' never settled")
        }
    }

    function click(name) {
        const control = item(name)
        verify(control.enabled, "'" + name + "' on screen '" + main.screen + "' is disabled")
        press(control)
        return control
    }

    // A press at the middle of an item, whatever is on top of it (and whether it is enabled).
    function press(control) {
        settle(control)
        mouseClick(control)
    }

    // Digits (and letters, on the staff keyboard) pressed one key at a time.
    function typeKeys(text, prefix) {
        for (const ch of String(text))
            click((prefix || "key_") + ch)
    }

    function waitScreen(name, ms) {
        tryCompare(main, "screen", name, ms || timeout, "expected screen '" + name + "', got '" + main.screen + "'")
    }

    // welcome -> Collect -> code entry
    function goToCode() {
        click("collectButton")
        waitScreen("code")
    }

    // The code typed on the keypad and OK pressed.
    function submitCode(code) {
        typeKeys(code)
        click("key_ok")
    }

    // staff entry, staff id on the letter keyboard, PIN on the keypad, Log in.
    function staffLogin(staffId, pin) {
        click("staffButton")
        waitScreen("staff_login")
        typeKeys(staffId, "kbd_")
        compare(textOf("staffIdText"), staffId)
        click("nextButton")
        tryVerify(() => maybe("loginButton") !== null, timeout, "no PIN step after Next")
        typeKeys(pin)
        compare(textOf("pinText").length, String(pin).length, "one dot per PIN digit")
        click("loginButton")
    }
}
