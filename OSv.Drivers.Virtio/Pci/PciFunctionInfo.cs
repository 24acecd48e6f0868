// One function found on the bus: its identity as the header states it (PCI 3.0, 6.2.1), for the
// boot log ("00:01.0 1af4:1041 class 02.00.00") and for drivers to match on.
namespace OSv.Drivers.Virtio.Pci
{
    public struct PciFunctionInfo
    {
        public PciAddress Address;
        public ushort VendorId;
        public ushort DeviceId;
        public byte RevisionId;
        public byte BaseClass;
        public byte SubClass;
        public byte ProgrammingInterface;
        public byte HeaderLayout;        // 0 device, 1 PCI-to-PCI bridge, 2 CardBus
        public ushort SubsystemVendorId; // device layout only
        public ushort SubsystemId;
        public byte SecondaryBus;        // bridge layout only

        public bool IsBridge => HeaderLayout == PciRegisters.HeaderLayoutBridge;

        public override string ToString() =>
            Address.ToString() + " " + Hex4(VendorId) + ":" + Hex4(DeviceId)
            + " class " + ((uint)BaseClass).ToString("x2") + "." + ((uint)SubClass).ToString("x2") + "." + ((uint)ProgrammingInterface).ToString("x2")
            + (IsBridge ? " bridge to bus " + SecondaryBus : "");

        private static string Hex4(ushort value) => ((uint)value).ToString("x4");
    }
}
