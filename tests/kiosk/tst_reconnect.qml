import QtQuick
import QtTest
import PickupBox.Backend

// boxd goes away and comes back: "One moment" covers the screens meanwhile, then it is gone.
KioskTestCase {
    name: "reconnect"

    function init() { openKiosk() }
    function cleanup() {
        if (!TestBox.running)
            TestBox.startBoxd()
        closeKiosk()
    }

    function test_connecting_overlay_while_boxd_is_down() {
        verify(maybe("connectingText") === null, "no overlay while connected")
        goToCode()
        typeKeys("12")
        TestBox.stopBoxd()
        tryCompare(Api, "connected", false, timeout)
        waitScreen("connecting")
        verify(maybe("connectingText") !== null, "the overlay is shown")
        compare(textOf("connectingText"), "Et øjeblik …")
        // The overlay swallows presses: the keypad underneath does not change.
        press(findIn(main.screenItem, "key_5"))
        TestBox.startBoxd()
        tryCompare(Api, "connected", true, 10000)
        tryVerify(() => main.screen !== "connecting", timeout, "the overlay stays after boxd is back")
        verify(maybe("connectingText") === null, "the overlay is gone")
        compare(main.screen, "code", "back where the citizen was")
        compare(textOf("codeText"), "1 2", "the press on the overlay did not reach the keypad")
        click("key_5")
        compare(textOf("codeText"), "1 2 5", "the keypad works again")
    }

    function test_pickup_works_after_a_restart() {
        TestBox.restartBoxd(false)
        tryCompare(Api, "connected", true, 10000)
        tryVerify(() => main.screen !== "connecting", timeout)
        const order = TestBox.loadOrder("")
        if (main.screen !== "welcome")
            main.show("welcome")
        goToCode()
        submitCode(order.code)
        waitScreen("door")
        verify(textOf("doorText").indexOf(order.locker_id) >= 0, textOf("doorText"))
    }
}
