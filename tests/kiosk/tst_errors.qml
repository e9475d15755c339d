import QtQuick
import QtTest
import PickupBox.Backend

// What a citizen sees when boxd refuses: the figures on screen are boxd's own.
// Every test starts on an empty boxd (no throttle, no attempts spent).
KioskTestCase {
    name: "errors"

    function init() {
        TestBox.restartBoxd(true)
        openKiosk()
        click("langEn")
    }
    function cleanup() { closeKiosk() }

    function wrongCodeLeft(answer) {
        verify(!answer.ok, "boxd accepted a made-up code")
        compare(answer.error.code, "wrong_code")
        return answer.error.attempts_left
    }

    function test_wrong_code_shows_boxds_attempts_left() {
        // boxd's count after one wrong code, asked directly ...
        const before = wrongCodeLeft(TestBox.request("pickup.verify", { code: "000001" }))
        verify(before > 1, "boxd allows more than one wrong code before pausing (got " + before + ")")
        // ... then one more through the keypad: one fewer left.
        goToCode()
        submitCode("000002")
        waitScreen("error")
        compare(main.screenItem.kind, "wrong_code")
        compare(main.screenItem.attemptsLeft, before - 1)
        compare(textOf("title"), "Wrong code")
        verify(textOf("message").indexOf(String(before - 1)) >= 0,
               "the message shows " + (before - 1) + " attempts left: " + textOf("message"))
        // and boxd agrees with what the screen said
        compare(wrongCodeLeft(TestBox.request("pickup.verify", { code: "000003" })), before - 2)

        click("tryAgainButton")
        waitScreen("code")
        compare(textOf("codeText"), "", "try again starts with an empty code")
    }

    function test_wrong_date_of_birth_shows_attempts_left() {
        const order = TestBox.loadOrder("1990-05-17", "en")
        goToCode()
        submitCode(order.code)
        waitScreen("identity")
        typeKeys("01012000")
        compare(textOf("dobText"), "01-01-2000")
        click("key_ok")
        waitScreen("error")
        compare(main.screenItem.kind, "wrong_identity")
        const left = main.screenItem.attemptsLeft
        verify(left > 0, "attempts left is shown: " + left)
        verify(textOf("message").indexOf(String(left)) >= 0, textOf("message"))
        const next = TestBox.request("pickup.verify", { code: order.code, identifier: "02-02-2000" })
        compare(next.error.code, "wrong_identity")
        compare(next.error.attempts_left, left - 1, "boxd counts on from the figure the screen showed")
        click("tryAgainButton")
        waitScreen("identity")
        compare(textOf("dobText"), "")
        // Only the date is asked again: the kiosk kept the (right) code for it.
        typeKeys("17051990")
        click("key_ok")
        waitScreen("door")
        verify(textOf("doorText").indexOf(order.locker_id) >= 0, textOf("doorText") + " names " + order.locker_id)
    }

    function test_blocked_order() {
        const order = TestBox.loadOrder("1990-05-17", "en")
        let answer
        do {
            answer = TestBox.request("pickup.verify", { code: order.code, identifier: "01-01-2000" })
        } while (answer.error.code === "wrong_identity")
        compare(answer.error.code, "order_blocked")
        goToCode()
        submitCode(order.code)
        waitScreen("error")
        compare(main.screenItem.kind, "blocked")
        compare(textOf("title"), "Too many attempts")
        verify(textOf("message").indexOf("front desk") >= 0, textOf("message"))
        verify(maybe("tryAgainButton") === null, "a blocked order offers no retry")
        click("startButton")
        waitScreen("welcome")
    }

    function test_jammed_door_sends_the_citizen_to_the_front_desk() {
        const order = TestBox.loadOrder("1990-05-17", "en")
        TestBox.door(order.locker_id, "jam")
        goToCode()
        submitCode(order.code)
        waitScreen("identity")
        typeKeys("17051990")
        click("key_ok")
        waitScreen("error", 15000)
        compare(main.screenItem.kind, "door_failed")
        compare(textOf("title"), "The door did not open")
        // boxd took the door out of service: there is nothing the citizen could retry.
        verify(maybe("reopenButton") === null, "no 'try the door again' for a door boxd gave up on")
        click("reportButton")
        tryVerify(() => textOf("message").indexOf("front desk") >= 0, 2000, textOf("message"))
        compare(TestBox.call("lockers").lockers.find(l => l.id === order.locker_id).state, "out_of_service")
    }

    function test_throttled_kiosk_shows_the_wait() {
        let answer
        do {
            answer = TestBox.request("pickup.verify", { code: "000001" })
        } while (answer.error.code === "wrong_code")
        compare(answer.error.code, "kiosk_throttled")
        const wait = answer.error.retry_after_s
        verify(wait > 0)
        goToCode()
        submitCode("123456")
        waitScreen("error")
        compare(main.screenItem.kind, "throttled")
        compare(textOf("title"), "Please wait")
        const shown = main.screenItem.waitSeconds
        verify(shown > 0 && shown <= wait, "the wait shown (" + shown + " s) is boxd's (at most " + wait + " s)")
        verify(/\d+/.test(textOf("message")), "the message says how long: " + textOf("message"))
        const seconds = Number(textOf("message").match(/\d+/)[0])
        verify(seconds > 0 && seconds <= wait, textOf("message"))
        verify(!item("tryAgainButton").enabled, "no retry while paused")
        // The welcome screen tells the next citizen too.
        click("startButton")
        waitScreen("welcome")
        Box.refresh()
        tryVerify(() => Box.pausedSeconds > 0, 5000, "boxd reports the pause in status")
        verify(maybe("pausedText") !== null, "welcome says the kiosk is paused")
    }
}
