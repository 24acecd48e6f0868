// Configuration space through ECAM (EcamRegion): memory loads and stores, 32-bit and aligned
// (every PCIe root complex supports dword accesses). The window is device memory reached through
// a RegisterBlock, so each access is bounds-checked against the bus range.
//
// Caller rules: the window is mapped (on metal: below PciLimits.MappedLimitBytes, identity); the
// address is valid for the bus range; offsets are dword aligned, below 4096.
using OSv.Core.Diagnostics;

namespace OSv.Drivers.Virtio.Pci
{
    public sealed unsafe class EcamConfigAccess : PciConfigAccess
    {
        private readonly RegisterBlock _window;
        private readonly int _busStart;
        private readonly int _busEnd;

        // window: the mapped bytes of buses busStart..busEnd (EcamRegion.WindowStart/WindowBytes).
        public EcamConfigAccess(byte* window, int busStart, int busEnd)
        {
            Invariant.Assert(busStart >= 0 && busEnd >= busStart && busEnd < PciLimits.BusesMax, "EcamConfigAccess: bad bus range");
            _window = new RegisterBlock(window, (busEnd - busStart + 1) << EcamRegion.BusShift);
            _busStart = busStart;
            _busEnd = busEnd;
        }

        public override int BusStart => _busStart;
        public override int BusEnd => _busEnd;

        public override uint Read32(PciAddress function, int offset) =>
            IsReachable(function) ? _window.Read32(OffsetOf(function, offset)) : uint.MaxValue;

        public override void Write32(PciAddress function, int offset, uint value)
        {
            Invariant.Assert(IsReachable(function), "EcamConfigAccess: write to a bus outside the window");
            _window.Write32(OffsetOf(function, offset), value);
        }

        private bool IsReachable(PciAddress function) => function.Bus >= _busStart && function.Bus <= _busEnd;

        private int OffsetOf(PciAddress function, int offset)
        {
            Invariant.Assert(offset >= 0 && offset < PciLimits.ExtendedConfigSpaceBytes, "EcamConfigAccess: offset outside a function's 4 KiB");
            Invariant.Assert(function.Device < PciLimits.DevicesPerBus && function.Function < PciLimits.FunctionsPerDevice, "EcamConfigAccess: bad device or function");
            return ((function.Bus - _busStart) << EcamRegion.BusShift)
                | (function.Device << EcamRegion.DeviceShift)
                | (function.Function << EcamRegion.FunctionShift)
                | offset;
        }
    }
}
