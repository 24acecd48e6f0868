// Turns one PCI function into a PciTransport (virtio 1.2, 4.1.2 and 4.1.4): is it virtio, what
// device type, where are its structures; then maps the structures and turns on memory decoding
// and bus mastering. Runs after PciResources gave the function's BARs their addresses.
//
// Identity (4.1.2.1): vendor 0x1AF4; device 0x1040 + type is a modern device; 0x1000-0x103F is a
// transitional one, whose type is its subsystem device ID. Transitional devices are accepted
// and driven through their modern structures only (QEMU: disable-legacy=on makes the device
// modern-only; recommended, so that no legacy I/O BAR is requested).
using System;

namespace OSv.Drivers.Virtio.Pci
{
    public static unsafe class VirtioPciProbe
    {
        public const ushort VirtioVendorId = 0x1AF4;
        public const ushort TransitionalDeviceIdFirst = 0x1000;
        public const ushort TransitionalDeviceIdLast = 0x103F;
        public const ushort ModernDeviceIdBase = 0x1040;
        public const ushort ModernDeviceIdLast = 0x107F;

        public static bool IsVirtio(PciFunctionInfo function) =>
            function.VendorId == VirtioVendorId && function.DeviceId >= TransitionalDeviceIdFirst && function.DeviceId <= ModernDeviceIdLast
            && function.HeaderLayout == PciRegisters.HeaderLayoutDevice;

        public static uint DeviceTypeOf(PciFunctionInfo function) =>
            function.DeviceId >= ModernDeviceIdBase ? (uint)(function.DeviceId - ModernDeviceIdBase) : function.SubsystemId;

        // bars: this function's PciLimits.BarsMax entries, addresses assigned. On success the
        // function decodes memory and may master the bus.
        // routing: the root bus's INTx routes (null: unknown), recorded as the transport's
        // LineInterrupt for functions on rootBus.
        public static PciFault TryCreate(PciConfigAccess access, PciFunctionInfo function, ReadOnlySpan<PciBar> bars, PciRoutingTable? routing, int rootBus,
            out PciTransport? transport, out VirtioPciLayout layout)
        {
            transport = null;
            layout = default;
            if (!IsVirtio(function))
                return new PciFault(PciError.VirtioNotVirtioDevice, PciRegisters.DeviceId);
            Span<byte> config = stackalloc byte[PciLimits.ConfigSpaceBytes];
            access.Snapshot(function.Address, config);
            PciFault fault = VirtioPciStructures.TryParse(config, bars, out layout);
            if (!fault.IsNone)
                return fault;
            if (!AllBelowMappedLimit(layout, bars))
                return new PciFault(PciError.BarAboveMappedRange, -1);
            PciResources.EnableMemoryAndBusMaster(access, function.Address);
            RegisterBlock msixTable = default;
            if (layout.HasMsix)
                msixTable = Map(bars[layout.Msix.TableBar], layout.Msix.TableOffset, (ulong)layout.Msix.TableEntries * MsixCapability.EntryBytes);
            transport = new PciTransport(access, function.Address, DeviceTypeOf(function),
                Map(bars, layout.Common), Map(bars, layout.Notify), layout.NotifyOffsetMultiplier, Map(bars, layout.Isr), Map(bars, layout.Device),
                msixTable, layout.HasMsix ? layout.Msix.CapabilityOffset : 0, layout.HasMsix ? layout.Msix.TableEntries : 0);
            if (routing != null && function.Address.Bus == rootBus)
                transport.LineInterrupt = routing.Find(function.Address.Device, config[PciRegisters.InterruptPin]);
            return PciFault.None;
        }

        private static RegisterBlock Map(ReadOnlySpan<PciBar> bars, VirtioPciRegion region) =>
            region.IsPresent ? Map(bars[region.Bar], region.Offset, region.Length) : default;

        // Offset and length were checked against the BAR size (VirtioPciStructures,
        // MsixCapability), and BAR sizes are at most PciLimits.BarSizeMaxBytes, so the length
        // fits an int once the BAR is known to be small.
        private static RegisterBlock Map(PciBar bar, ulong offset, ulong length)
        {
            int bytes = length > int.MaxValue ? int.MaxValue : (int)length;
            return new RegisterBlock(PciMemoryMap.Map(bar.Address + offset, (ulong)bytes), bytes);
        }

        private static bool AllBelowMappedLimit(VirtioPciLayout layout, ReadOnlySpan<PciBar> bars) =>
            IsMapped(bars[layout.Common.Bar]) && IsMapped(bars[layout.Notify.Bar]) && IsMapped(bars[layout.Isr.Bar])
            && (!layout.Device.IsPresent || IsMapped(bars[layout.Device.Bar]))
            && (!layout.HasMsix || IsMapped(bars[layout.Msix.TableBar]));

        private static bool IsMapped(PciBar bar) => bar.Address != 0 && PciMemoryMap.IsMapped(bar.Address, bar.SizeBytes);
    }
}
