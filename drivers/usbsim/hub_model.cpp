#include "usbsim/hub_model.hpp"

namespace pickupbox::usbsim {

DeviceDescription HubModel::description() const {
  DeviceDescription d;
  d.device_class = 0x09;
  d.interface_class = 0x09;
  d.max_packet_size0 = 64;
  d.speed = UsbSpeed::high;
  d.endpoints = {{0x81, endpoint_interrupt, 4, 12}};
  d.kernel_driver = "hub";
  if (kind_ == Kind::root) {
    d.vendor = 0x1d6b;  // Linux Foundation 2.0 root hub
    d.product = 0x0002;
    d.bcd_device = 0x0601;
    d.manufacturer = "Linux usbsim xhci-hcd";
    d.product_name = "xHCI Host Controller";
    d.serial = "0000:00:14.0";
    d.max_power_2ma = 0;
  } else {
    d.vendor = 0x05e3;  // a common 4-port USB 2.0 hub
    d.product = 0x0608;
    d.bcd_device = 0x6070;
    d.device_protocol = 0x01;  // single transaction translator
    d.product_name = "USB2.0 Hub";
    d.max_power_2ma = 50;
  }
  return d;
}

}  // namespace pickupbox::usbsim
