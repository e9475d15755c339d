import QtQuick
import QtTest
import PickupBox.Backend

// Staff login on the on-screen keyboard and keypad; a wrong PIN; the session timeout.
KioskTestCase {
    name: "staff"

    function init() { openKiosk() }
    function cleanup() { closeKiosk() }

    function test_wrong_pin_is_refused() {
        staffLogin("desk1", "9999")
        tryVerify(() => maybe("errorBanner") !== null, timeout, "no error banner after a wrong PIN")
        verify(textOf("errorText").startsWith("Forkert medarbejder-id eller pinkode"), textOf("errorText"))
        compare(Staff.loggedIn, false)
        compare(main.screen, "staff_login")
        compare(textOf("pinText"), "", "the wrong PIN is wiped")
    }

    function test_login_and_logout() {
        staffLogin("desk1", "1234")
        waitScreen("staff_home")
        verify(Staff.loggedIn)
        compare(Staff.staffId, "desk1")
        verify(textOf("staffIdText").indexOf("desk1") >= 0, textOf("staffIdText"))
        click("logoutButton")
        waitScreen("welcome")
        compare(Staff.loggedIn, false)
    }

    function test_staff_id_keyboard_backspace() {
        click("staffButton")
        waitScreen("staff_login")
        verify(!item("nextButton").enabled, "Next needs a staff id")
        typeKeys("desk", "kbd_")
        click("kbd_backspace")
        compare(textOf("staffIdText"), "des")
    }

    function test_session_timeout_returns_to_welcome() {
        staffLogin("desk1", "1234")
        waitScreen("staff_home")
        Staff.sessionTimeoutMs = 300
        waitScreen("welcome", 3000)
        compare(Staff.loggedIn, false)
        // and boxd's session is gone too: the staff screens need a new login
        click("staffButton")
        waitScreen("staff_login")
    }

    function test_idle_does_not_end_a_staff_session() {
        staffLogin("desk1", "1234")
        waitScreen("staff_home")
        Idle.timeoutMs = 200
        // Longer than three idle timeouts: the staff session, not the idle timer, governs.
        const idleTimedOut = signalSpy.createObject(null, { target: Idle, signalName: "timedOut" })
        tryVerify(() => idleTimedOut.count >= 3, 3000, "the idle timer fired")
        compare(main.screen, "staff_home")
        verify(Staff.loggedIn)
        idleTimedOut.destroy()
    }

    Component {
        id: signalSpy
        SignalSpy {}
    }
}
