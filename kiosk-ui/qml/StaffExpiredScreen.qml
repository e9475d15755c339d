import QtQuick
import PickupBox.Backend

// Expired documents still in a locker: "Retrieve" opens the door to take them back.
StaffOrderList {
    name: "staff_expired"
    orderState: "expired"
    listName: "expiredList"
    actionName: "retrieveButton_"
    titleText: qsTr("Expired documents")
    countText: qsTr("%n expired document(s) to take back.", "", rows.length)
    emptyText: qsTr("There are no expired documents.")
    actionText: qsTr("Retrieve")
    actionAccessibleFormat: qsTr("Retrieve %1")
    onAct: (orderId) => Staff.retrieve(orderId)
}
