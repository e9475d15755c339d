import QtQuick
import QtTest
import PickupBox.Backend

// Through the UI, end to end against boxd: a citizen collects with the code from the SMS;
// a member of the front desk loads a document. The simulator plays the hands at the door.
KioskTestCase {
    name: "e2e"

    function init() { openKiosk() }
    function cleanup() { closeKiosk() }

    function test_citizen_collects_with_the_sms_code() {
        const order = TestBox.loadOrder("1990-05-17", "da")
        verify(/^\d{6,8}$/.test(order.code), "a code in the SMS: " + order.sms)

        // A wrong code first: boxd's count of attempts is on the screen.
        goToCode()
        submitCode(order.code === "000000" ? "000001" : "000000")
        waitScreen("error")
        compare(main.screenItem.kind, "wrong_code")
        verify(main.screenItem.attemptsLeft >= 0, "attempts left known")
        verify(textOf("message").indexOf(String(main.screenItem.attemptsLeft)) >= 0, textOf("message"))
        click("tryAgainButton")
        waitScreen("code")

        submitCode(order.code)
        compare(textOf("codeText").replace(/ /g, ""), order.code)
        waitScreen("identity")
        typeKeys("17051990")
        compare(textOf("dobText"), "17-05-1990")
        click("key_ok")
        waitScreen("door", 10000)
        verify(textOf("doorText").indexOf(order.locker_id) >= 0,
               "the door screen names door " + order.locker_id + ": " + textOf("doorText"))
        compare(main.screenItem.lockerId, order.locker_id)
        compare(TestBox.doorState(order.locker_id), "open", "boxd unlocked the door")

        TestBox.door(order.locker_id, "open")
        TestBox.door(order.locker_id, "close")
        waitScreen("thanks")
        compare(textOf("title"), "Tak")
        const done = TestBox.call("pickup.done", { order_id: order.order_id })
        compare(done.collected, true, "boxd has the order as collected")
        click("startButton")
        waitScreen("welcome")
    }

    function test_staff_loads_ad_hoc() {
        const smsBefore = TestBox.call("sim.sms", {}).sms.length
        staffLogin("desk1", "1234")
        waitScreen("staff_home")
        click("adhocButton")
        waitScreen("staff_adhoc")
        verify(!item("loadButton").enabled, "nothing to load yet")
        click("key_plus")
        typeKeys("4512345678")
        click("kind_passport")
        click("size_M")
        press(item("dobField"))
        typeKeys("17051990")
        compare(main.screenItem.phone, "+4512345678")
        compare(main.screenItem.documentKind, "passport")
        compare(main.screenItem.size, "M")
        compare(main.screenItem.dateOfBirth, "17051990")
        click("loadButton")
        waitScreen("staff_door", 10000)
        const locker = main.screenItem.lockerId
        verify(/^[A-Z]\d\d$/.test(locker), "a door id: " + locker)
        verify(textOf("doorText").indexOf(locker) >= 0, textOf("doorText"))
        const lockers = TestBox.call("lockers", {}).lockers.filter(l => l.id === locker)
        compare(lockers.length, 1)
        compare(lockers[0].size, "M", "a medium door for a medium document")
        verify(maybe("doneButton") === null, "not confirmed before the door closes")

        TestBox.door(locker, "open")
        TestBox.door(locker, "close")
        tryVerify(() => maybe("doneButton") !== null, timeout, "no confirmation after the door closed")
        verify(main.screenItem.done)
        compare(textOf("doorText"), "Lagt i: borgeren får en sms")
        // boxd queued the SMS with a code: the order is loaded
        tryVerify(() => TestBox.call("sim.sms", {}).sms.length === smsBefore + 1, timeout, "one new SMS")
        click("doneButton")
        waitScreen("staff_home")
    }

    function test_staff_loads_an_order_from_the_list() {
        const created = TestBox.call("orders.create", {
            session: TestBox.staffSession(), reference: "2024-118734", document_kind: "id_card", size: "S",
            phone: "+4512345678", date_of_birth: "1990-05-17"
        })
        staffLogin("desk1", "1234")
        waitScreen("staff_home")
        click("ordersButton")
        waitScreen("staff_orders")
        tryVerify(() => maybe("loadButton_" + created.order_id) !== null, timeout,
                  "order " + created.order_id + " is listed to load")
        click("loadButton_" + created.order_id)
        waitScreen("staff_door", 10000)
        const locker = main.screenItem.lockerId
        compare(main.screenItem.purpose, "load")
        TestBox.door(locker, "open")
        TestBox.door(locker, "close")
        tryVerify(() => maybe("doneButton") !== null, timeout, "no confirmation after the door closed")
        const code = TestBox.codeOf(created.order_id)
        verify(/^\d{6,8}$/.test(code), "boxd sent the SMS with a code after the load")
    }
}
