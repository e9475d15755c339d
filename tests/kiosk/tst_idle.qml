import QtQuick
import QtTest
import PickupBox.Backend

// Nobody touches the kiosk: it goes back to welcome and forgets what was typed.
KioskTestCase {
    name: "idle"

    function init() { openKiosk() }
    function cleanup() { closeKiosk() }

    function test_idle_timeout_returns_to_welcome_and_drops_the_code() {
        goToCode()
        typeKeys("4711")
        compare(textOf("codeText"), "4 7 1 1")
        Idle.timeoutMs = 300
        waitScreen("welcome", 3000)
        Idle.timeoutMs = 60000
        goToCode()
        compare(textOf("codeText"), "", "the typed code is gone after the timeout")
    }

    function test_idle_timeout_from_identity_clears_the_pickup() {
        const order = TestBox.loadOrder("1990-05-17")
        goToCode()
        submitCode(order.code)
        waitScreen("identity")
        typeKeys("1705")
        compare(textOf("dobText"), "17-05")
        Idle.timeoutMs = 300
        waitScreen("welcome", 3000)
        Idle.timeoutMs = 60000
        goToCode()
        compare(textOf("codeText"), "", "the next citizen starts from scratch")
    }

    function test_touches_keep_the_screen() {
        goToCode()
        Idle.timeoutMs = 700
        const started = Date.now()
        // Press a key every 200 ms for longer than the timeout: the screen must stay.
        for (let i = 0; i < 6; ++i) {
            click("key_" + (i + 1))
            wait(200)
            compare(main.screen, "code", "a press restarts the idle timer")
        }
        verify(Date.now() - started > 700, "the presses spanned more than one timeout")
        compare(textOf("codeText"), "1 2 3 4 5 6")
        waitScreen("welcome", 3000)
    }

    function test_thanks_screen_returns_to_welcome_by_itself() {
        main.show("thanks", { timeoutMs: 300 })
        waitScreen("thanks")
        waitScreen("welcome", 3000)
    }
}
