import QtQuick
import PickupBox.Backend

// Orders awaiting loading (from the back office). "Load" asks boxd for a door and opens it.
StaffOrderList {
    name: "staff_orders"
    orderState: "awaiting_load"
    listName: "ordersList"
    actionName: "loadButton_"
    titleText: qsTr("Orders to load")
    countText: qsTr("%n order(s) waiting to be loaded.", "", rows.length)
    emptyText: qsTr("No documents are waiting to be loaded.")
    actionText: qsTr("Load")
    actionAccessibleFormat: qsTr("Load %1")
    onAct: (orderId) => Staff.loadOrder(orderId)
}
