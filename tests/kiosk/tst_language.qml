import QtQuick
import QtTest
import PickupBox.Backend

// Danish by default; the language buttons switch every text at once, and back.
KioskTestCase {
    name: "language"

    function init() { openKiosk() }
    function cleanup() { closeKiosk() }

    function test_danish_by_default() {
        compare(Language.code, "da")
        compare(textOf("title"), "Velkommen til afhentningsboksen")
        compare(item("collectButton").text, "Hent et dokument")
    }

    function test_switch_to_english_and_back_at_once() {
        click("langEn")
        // no wait: the switch re-evaluates every qsTr binding synchronously
        compare(Language.code, "en")
        compare(textOf("title"), "Welcome to the pickup box")
        compare(item("collectButton").text, "Collect a document")
        verify(item("langEn").Accessible.checked, "English is marked as the chosen language")
        verify(!item("langDa").Accessible.checked)

        click("langDa")
        compare(Language.code, "da")
        compare(textOf("title"), "Velkommen til afhentningsboksen")
        compare(item("collectButton").text, "Hent et dokument")
        verify(item("langDa").Accessible.checked)
    }

    function test_language_carries_to_the_next_screen() {
        click("langEn")
        goToCode()
        compare(textOf("title"), "Type your code")
        click("backButton")
        waitScreen("welcome")
        click("langDa")
        goToCode()
        compare(textOf("title"), "Tast din kode")
    }

    function test_language_names_stay_in_their_own_language() {
        // "Dansk" and "English" read the same whichever language is chosen.
        compare(item("langDa").text, "Dansk")
        compare(item("langEn").text, "English")
        click("langEn")
        compare(item("langDa").text, "Dansk")
        compare(item("langEn").text, "English")
    }
}
