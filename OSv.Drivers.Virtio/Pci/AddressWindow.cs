// A range of CPU physical addresses [Base, Base + SizeBytes): a host bridge's memory window or a
// BAR. Empty when SizeBytes is 0.
namespace OSv.Drivers.Virtio.Pci
{
    public readonly struct AddressWindow
    {
        public AddressWindow(ulong baseAddress, ulong sizeBytes)
        {
            Base = baseAddress;
            SizeBytes = sizeBytes;
        }

        public ulong Base { get; }
        public ulong SizeBytes { get; }

        public bool IsEmpty => SizeBytes == 0;

        // One past the last byte; callers keep Base + SizeBytes from overflowing (ResourceTemplate
        // and BarPlacement check it when they make a window).
        public ulong End => Base + SizeBytes;

        public bool Overlaps(AddressWindow other) =>
            !IsEmpty && !other.IsEmpty && Base < other.End && other.Base < End;

        public bool Contains(AddressWindow inner) =>
            !inner.IsEmpty && inner.Base >= Base && inner.SizeBytes <= SizeBytes && inner.Base - Base <= SizeBytes - inner.SizeBytes;

        public override string ToString() =>
            IsEmpty ? "none" : "0x" + Base.ToString("x") + "-0x" + (End - 1).ToString("x");
    }
}
