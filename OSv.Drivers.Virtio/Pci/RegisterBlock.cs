// A block of device registers in memory space (an ECAM function, a virtio structure inside a
// BAR, an MSI-X table): the only code in Pci/ that dereferences device memory.
//
// Every access is one load or store of exactly the register's width, through a volatile field
// (IL volatile. prefix), so the compiler neither merges, repeats nor drops it; x86-64 keeps
// device-memory accesses in program order, so no fence is needed. Natural width matters:
// virtio 1.2, 4.1.3.1 requires 8/16/32-bit fields to be accessed with 8/16/32-bit accesses,
// and QEMU decodes common-configuration fields by access offset.
//
// Why not OSv.Core.Platform.DeviceMemory (exact-width assembly): it has no 8- or 16-bit stores,
// which virtio PCI needs (device_status, queue_select, queue_enable, notify), and it exists only
// on metal, while this struct is also what hosted tests drive. The hazard it guards against, ilc
// narrowing a 32-bit volatile load whose result is truncated, is avoided by rule here: no Read32
// result on a virtio or MSI-X register is ever truncated (8- and 16-bit fields use Read8 and
// Read16). ECAM reads are truncated (PciConfigAccess.Read8/Read16), and a narrowed load there
// reads the same bytes: ECAM accepts 1-, 2- and 4-byte reads (PCIe 4.0, 7.2.2).
//
// Bounds: the block was checked against its BAR when it was made (VirtioPciStructures,
// MsixCapability, EcamConfigAccess); each access checks offset + width <= length and natural
// alignment, and a failure is a driver bug, so it is an invariant (panic on metal).
using OSv.Core.Diagnostics;

namespace OSv.Drivers.Virtio.Pci
{
    public readonly unsafe struct RegisterBlock
    {
        private struct Volatile8 { public volatile byte Value; }
        private struct Volatile16 { public volatile ushort Value; }
        private struct Volatile32 { public volatile uint Value; }

        private readonly byte* _base;
        private readonly int _lengthBytes;

        public RegisterBlock(byte* baseAddress, int lengthBytes)
        {
            _base = baseAddress;
            _lengthBytes = lengthBytes;
        }

        public bool IsEmpty => _base == null;
        public int LengthBytes => _lengthBytes;
        public ulong Address => (ulong)_base;

        public byte Read8(int offset) => ((Volatile8*)At(offset, 1))->Value;
        public ushort Read16(int offset) => ((Volatile16*)At(offset, 2))->Value;
        public uint Read32(int offset) => ((Volatile32*)At(offset, 4))->Value;

        public void Write8(int offset, byte value) => ((Volatile8*)At(offset, 1))->Value = value;
        public void Write16(int offset, ushort value) => ((Volatile16*)At(offset, 2))->Value = value;
        public void Write32(int offset, uint value) => ((Volatile32*)At(offset, 4))->Value = value;

        // A 64-bit field as two 32-bit accesses, low half first (virtio 1.2, 4.1.3.1 allows it;
        // the device acts only when the queue is enabled, after both halves are written).
        public void Write64(int offset, ulong value)
        {
            Write32(offset, (uint)value);
            Write32(offset + 4, (uint)(value >> 32));
        }

        // In bounds: offset is non-negative, the whole access ends inside the block, and it is
        // naturally aligned (so it never straddles a register).
        private byte* At(int offset, int width)
        {
            Invariant.Assert(_base != null, "RegisterBlock: access to an absent block");
            Invariant.Assert(offset >= 0 && offset <= _lengthBytes - width, "RegisterBlock: access outside the block");
            Invariant.Assert((offset & (width - 1)) == 0, "RegisterBlock: unaligned register access");
            return _base + offset;
        }
    }
}
