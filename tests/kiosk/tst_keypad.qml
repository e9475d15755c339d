import QtQuick
import QtTest
import PickupBox.Backend

// The code entry screen's keypad: digits appear as typed, at most 8, backspace and clear,
// OK only for 6-8 digits, Back returns to welcome and forgets what was typed.
KioskTestCase {
    name: "keypad"

    function init() {
        openKiosk()
        goToCode()
    }
    function cleanup() { closeKiosk() }

    function test_digits_appear_as_typed() {
        compare(textOf("codeText"), "")
        click("key_1")
        compare(textOf("codeText"), "1")
        typeKeys("2345678")
        compare(textOf("codeText"), "1 2 3 4 5 6 7 8")
        // 8 digits at most: a 9th press changes nothing
        press(item("key_9"))
        compare(textOf("codeText"), "1 2 3 4 5 6 7 8")
        verify(!item("key_9").enabled, "digit keys are disabled at the maximum length")
        verify(!item("key_0").enabled, "digit keys are disabled at the maximum length")
    }

    function test_max_length_is_8() {
        typeKeys("12345678")
        compare(textOf("codeText").replace(/ /g, ""), "12345678")
        press(item("key_9"))    // disabled: nothing happens
        compare(textOf("codeText").replace(/ /g, ""), "12345678")
        verify(item("key_ok").enabled, "8 digits can be sent")
    }

    function test_ok_only_for_6_to_8_digits() {
        verify(!item("key_ok").enabled, "OK is disabled with no digits")
        typeKeys("12345")
        verify(!item("key_ok").enabled, "OK is disabled with 5 digits")
        click("key_6")
        verify(item("key_ok").enabled, "OK is enabled with 6 digits")
    }

    function test_backspace_removes_the_last_digit() {
        verify(!item("key_backspace").enabled, "backspace is disabled when empty")
        typeKeys("4711")
        click("key_backspace")
        compare(textOf("codeText"), "4 7 1")
        click("key_backspace")
        click("key_backspace")
        click("key_backspace")
        compare(textOf("codeText"), "")
        verify(!item("key_backspace").enabled, "backspace is disabled again when empty")
    }

    function test_clear_removes_everything() {
        typeKeys("987654")
        click("key_clear")
        compare(textOf("codeText"), "")
        verify(!item("key_ok").enabled)
        typeKeys("12")
        compare(textOf("codeText"), "1 2", "typing works again after Clear")
    }

    function test_back_returns_to_welcome_and_forgets_the_code() {
        typeKeys("123456")
        click("backButton")
        waitScreen("welcome")
        verify(maybe("collectButton") !== null)
        goToCode()
        compare(textOf("codeText"), "", "a new visit starts with an empty code")
    }

    function test_physical_keypad() {
        // A USB keypad types into the focused keypad too.
        keyClick(Qt.Key_4)
        keyClick(Qt.Key_2)
        compare(textOf("codeText"), "4 2")
        keyClick(Qt.Key_Backspace)
        compare(textOf("codeText"), "4")
    }
}
