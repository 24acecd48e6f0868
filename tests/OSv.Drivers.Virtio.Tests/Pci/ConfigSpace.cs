// Crafted 256-byte configuration spaces (PCI 3.0, 6.1): a type 0 header, a capability list
// linked in the order the caps are added, and helpers for the virtio (virtio 1.2, 4.1.4) and
// MSI-X (PCI 3.0, 6.8.2) capabilities. Tests then corrupt the bytes directly.
using System;
using OSv.Drivers.Virtio.Pci;

namespace OSv.Drivers.Virtio.Tests.Pci
{
    internal sealed class ConfigSpace
    {
        public readonly byte[] Bytes = new byte[PciLimits.ConfigSpaceBytes];
        private int _lastNext = PciRegisters.CapabilitiesPointer;
        private int _free = 0x40;

        public ConfigSpace(ushort vendor = 0x1AF4, ushort device = 0x1041)
        {
            Write16(PciRegisters.VendorId, vendor);
            Write16(PciRegisters.DeviceId, device);
            Bytes[PciRegisters.BaseClass] = 0x02;
        }

        public void Write16(int at, ushort value) => BitConverter.GetBytes(value).CopyTo(Bytes, at);
        public void Write32(int at, uint value) => BitConverter.GetBytes(value).CopyTo(Bytes, at);

        // Appends a capability of `length` bytes (ID, next, then body) and links it; returns its offset.
        public int AddCapability(byte id, int length, Action<int>? fill = null)
        {
            int at = _free;
            Bytes[PciRegisters.Status] |= (byte)PciRegisters.StatusCapabilitiesList;
            Bytes[_lastNext] = (byte)at;
            Bytes[at] = id;
            Bytes[at + 1] = 0;
            fill?.Invoke(at);
            _lastNext = at + 1;
            _free = (at + length + 3) & ~3;
            return at;
        }

        public int AddVirtio(byte type, int bar, uint offset, uint length, uint? multiplier = null, int? capLength = null)
        {
            int size = capLength ?? (type == VirtioPciStructures.TypeNotify || type == VirtioPciStructures.TypePciConfig ? 20 : 16);
            return AddCapability(PciRegisters.CapabilityVendorSpecific, Math.Max(size, 16), at =>
            {
                Bytes[at + 2] = (byte)size;
                Bytes[at + 3] = type;
                Bytes[at + 4] = (byte)bar;
                Write32(at + 8, offset);
                Write32(at + 12, length);
                if (multiplier is uint m)
                    Write32(at + 16, m);
            });
        }

        public int AddMsix(int entries, int tableBar, uint tableOffset, int pendingBar, uint pendingOffset) =>
            AddCapability(PciRegisters.CapabilityMsix, 12, at =>
            {
                Write16(at + 2, (ushort)(entries - 1));
                Write32(at + 4, tableOffset | (uint)tableBar);
                Write32(at + 8, pendingOffset | (uint)pendingBar);
            });

        // QEMU's virtio-pci layout (hw/virtio/virtio-pci.c, as seen from the guest): BAR4 16 KiB
        // with common 0x0000, ISR 0x1000, device 0x2000, notify 0x3000 (multiplier 4); MSI-X in
        // BAR1 (table at 0, PBA at 0x800); a PCI config access capability.
        public static ConfigSpace QemuVirtioNet(out PciBar[] bars)
        {
            var config = new ConfigSpace();
            config.AddMsix(4, 1, 0, 1, 0x800);
            config.AddVirtio(VirtioPciStructures.TypeCommon, 4, 0x0000, 0x1000);
            config.AddVirtio(VirtioPciStructures.TypeIsr, 4, 0x1000, 0x1000);
            config.AddVirtio(VirtioPciStructures.TypeDevice, 4, 0x2000, 0x1000);
            config.AddVirtio(VirtioPciStructures.TypeNotify, 4, 0x3000, 0x1000, multiplier: 4);
            config.AddVirtio(VirtioPciStructures.TypePciConfig, 0, 0, 0);
            bars = QemuBars();
            return config;
        }

        public static PciBar[] QemuBars()
        {
            var bars = new PciBar[PciLimits.BarsMax];
            bars[1] = new PciBar { Kind = PciBarKind.Memory32, SizeBytes = 0x1000, Address = 0xC000_4000 };
            bars[4] = new PciBar { Kind = PciBarKind.Memory64, SizeBytes = 0x4000, Address = 0xC000_0000, Prefetchable = true };
            bars[5] = new PciBar { Kind = PciBarKind.UpperHalf };
            return bars;
        }
    }
}
