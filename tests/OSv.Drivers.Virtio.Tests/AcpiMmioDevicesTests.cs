// AcpiMmioDevices.Find over the DSDT QEMU 7.2 generated for `-M microvm` with one
// virtio-net-device (the device block VR23: _HID "LNRO0005", _UID 23, _CCA, and a _CRS buffer
// with Memory32Fixed 0xfeb02e00/0x200 and an Extended Interrupt for GSI 47, level, active high),
// then every truncation of it, seeded random byte mutations, tables with many devices built from
// that block, and descriptors patched per ACPI 6.5 section 6.4.3.4 (Memory32Fixed) and 6.4.3.6
// (Extended Interrupt).
//
// The oracle for mutated tables does not re-run the parser: a device may only be reported when
// the bytes hold, after a string-prefixed "LNRO0005", a Memory32Fixed descriptor whose base and
// size are what was reported and an Extended Interrupt descriptor whose flags and first GSI are.
using System;
using System.Collections.Generic;
using OSv.Drivers.Virtio.Mmio;
using OSv.Testing;
using Xunit;
using Xunit.Abstractions;

namespace OSv.Drivers.Virtio.Tests
{
    public sealed class AcpiMmioDevicesTests
    {
        // `-M microvm -global virtio-mmio.force-legacy=false -device virtio-net-device`, QEMU 7.2.
        private const string MicrovmDsdtHex =
            "44534454940100000299424f434853204258504320202020010000004258504301000000104e155f53425f5b822e46574346085f4849440d51454d5530303032" +
            "00085f5354410a0b085f435253110d0a0a470110051005010c79005b8232434f4d31085f4849440c41d00501085f55494401085f5354410a0f085f4352531110" +
            "0a0d4701f803f803000822100079005b82255254435f085f4849440c41d00b00085f43525311100a0d470170007000010822000179005b824c064745445f085f" +
            "4849440d414350493030313300085f5549440d47454400085f435253110e0a0b89060003010900000079005b8045524547000c0000a0fe0a045b810b45524547" +
            "434553454c20141d5f45565409704553454c60a010937b600a02000a0286505752420a805b821950575242085f4849440d504e503043304300085f554944005b" +
            "82420456523233085f4849440d4c4e524f3030303500085f5549440a17085f43434101085f435253111a0a1786090001002eb0fe0002000089060001012f0000" +
            "00790010105c00085f53355f1207040a05000000";

        // Offsets in that table (checked by RealTable_IsTheRecordedOne).
        private const int ScopeSbPackageLength = 0x25;  // Scope (_SB_) { ... }: 2-byte PkgLength
        private const int DeviceBlockStart = 0x13F;     // Device (VR23): 5B 82 PkgLength ...
        private const int DeviceBlockEnd = 0x183;       // end of Device (VR23) and of its _CRS buffer
        private const int HidStringPrefix = 0x14C;      // 0D before "LNRO0005"
        private const int HidString = 0x14D;
        private const int CrsBufferEnd = 0x183;         // Buffer's PkgLength ends here

        private const ulong RealBase = 0xfeb02e00;
        private const uint RealSize = 0x200;
        private const uint RealGsi = 47;

        private const byte Memory32FixedTag = 0x86, ExtendedInterruptTag = 0x89;

        private readonly ITestOutputHelper _output;

        public AcpiMmioDevicesTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public static byte[] MicrovmDsdt() => Convert.FromHexString(MicrovmDsdtHex);

        private static MmioDeviceInfo[] FindAll(ReadOnlySpan<byte> dsdt, int capacity = AcpiMmioDevices.DevicesMax)
        {
            var found = new MmioDeviceInfo[capacity];
            int count = AcpiMmioDevices.Find(dsdt, found);
            Assert.InRange(count, 0, capacity);
            return found.AsSpan(0, count).ToArray();
        }

        private static void AssertDevice(MmioDeviceInfo device, ulong baseAddress, uint size, uint gsi, bool level, bool activeLow)
        {
            Assert.Equal(baseAddress, device.BaseAddress);
            Assert.Equal(size, device.SizeBytes);
            Assert.Equal(gsi, device.Gsi);
            Assert.Equal(level, device.LevelTriggered);
            Assert.Equal(activeLow, device.ActiveLow);
        }

        private static void AssertRealDevice(MmioDeviceInfo device) =>
            AssertDevice(device, RealBase, RealSize, RealGsi, level: true, activeLow: false);

        [Fact]
        public void RealTable_IsTheRecordedOne()
        {
            byte[] dsdt = MicrovmDsdt();
            Assert.Equal(404, dsdt.Length);
            Assert.Equal("DSDT"u8.ToArray(), dsdt.AsSpan(0, 4).ToArray());
            Assert.Equal(404, BitConverter.ToInt32(dsdt, 4));
            int sum = 0;
            foreach (byte b in dsdt)
                sum += b;
            Assert.Equal(0, sum & 0xFF); // ACPI checksum
            Assert.Equal(new byte[] { 0x5B, 0x82 }, dsdt.AsSpan(DeviceBlockStart, 2).ToArray());
            int deviceLength = dsdt[DeviceBlockStart + 2] & 0x0F | dsdt[DeviceBlockStart + 3] << 4; // 2-byte PkgLength
            Assert.Equal(0x40, dsdt[DeviceBlockStart + 2] & 0xC0);
            Assert.Equal(DeviceBlockEnd, DeviceBlockStart + 2 + deviceLength);
            int crs = HidString + dsdt.AsSpan(HidString).IndexOf("_CRS\u0011"u8);
            Assert.Equal(CrsBufferEnd, crs + 5 + dsdt[crs + 5]); // 1-byte PkgLength of the Buffer
            Assert.Equal(0x0D, dsdt[HidStringPrefix]);
            Assert.Equal("LNRO0005"u8.ToArray(), dsdt.AsSpan(HidString, 8).ToArray());
        }

        [Fact]
        public void RealMicrovmTable_OneVirtioNetDevice()
        {
            MmioDeviceInfo[] devices = FindAll(MicrovmDsdt());
            Assert.Single(devices);
            AssertRealDevice(devices[0]);
        }

        [Fact]
        public void EmptyTableOrEmptySpan_NoDevices()
        {
            Assert.Empty(FindAll(ReadOnlySpan<byte>.Empty));
            Assert.Equal(0, AcpiMmioDevices.Find(MicrovmDsdt(), Span<MmioDeviceInfo>.Empty));
        }

        // Cut at the end: the device needs its whole _CRS buffer (which ends at 0x183).
        [Fact]
        public void EveryTruncation_DeviceOnlyWhenItsResourcesAreWhole()
        {
            byte[] dsdt = MicrovmDsdt();
            for (int length = 0; length <= dsdt.Length; length++)
            {
                MmioDeviceInfo[] devices = FindAll(dsdt.AsSpan(0, length));
                if (length >= CrsBufferEnd)
                {
                    Assert.True(devices.Length == 1, "length " + length + ": expected the device");
                    AssertRealDevice(devices[0]);
                }
                else
                {
                    Assert.True(devices.Length == 0, "length " + length + ": a device from a table cut inside it");
                }
            }
        }

        // Cut at the start: the device stays while its _HID's string prefix is inside the span.
        [Fact]
        public void EverySuffix_DeviceOnlyWhileItsHidStringPrefixIsInside()
        {
            byte[] dsdt = MicrovmDsdt();
            for (int start = 0; start <= dsdt.Length; start++)
            {
                MmioDeviceInfo[] devices = FindAll(dsdt.AsSpan(start));
                if (start <= HidStringPrefix)
                {
                    Assert.True(devices.Length == 1, "start " + start + ": expected the device");
                    AssertRealDevice(devices[0]);
                }
                else
                {
                    Assert.True(devices.Length == 0, "start " + start + ": a device without its _HID string");
                }
            }
        }

        [Fact]
        public void HidWithoutStringPrefix_Ignored()
        {
            foreach (byte notAString in new byte[] { 0x00, 0x0A, 0x0C, 0x08, 0x5F })
            {
                byte[] dsdt = MicrovmDsdt();
                dsdt[HidStringPrefix] = notAString;
                Assert.Empty(FindAll(dsdt));
            }
        }

        [Fact]
        public void ExtendedInterruptFlags_EdgeAndActiveLowDecoded()
        {
            int flags = FlagsOffset(MicrovmDsdt());
            var cases = new (byte Flags, bool Level, bool ActiveLow)[]
            {
                (0x01, true, false),  // QEMU's: consumer, level, active high
                (0x03, false, false), // edge
                (0x05, true, true),   // active low
                (0x07, false, true),  // edge, active low
                (0x19, true, false),  // shared and wake-capable change neither
            };
            foreach ((byte value, bool level, bool activeLow) in cases)
            {
                byte[] dsdt = MicrovmDsdt();
                dsdt[flags] = value;
                MmioDeviceInfo[] devices = FindAll(dsdt);
                Assert.Single(devices);
                AssertDevice(devices[0], RealBase, RealSize, RealGsi, level, activeLow);
            }
        }

        [Fact]
        public void ExtendedInterruptWithNoInterrupts_NotReported()
        {
            byte[] dsdt = MicrovmDsdt();
            dsdt[FlagsOffset(dsdt) + 1] = 0; // interrupt table length 0
            Assert.Empty(FindAll(dsdt));
        }

        [Fact]
        public void EmptyMemoryWindow_NotReported()
        {
            byte[] dsdt = MicrovmDsdt();
            int memory = IndexOfTag(dsdt, Memory32FixedTag);
            BitConverter.TryWriteBytes(dsdt.AsSpan(memory + 8, 4), 0u);
            Assert.Empty(FindAll(dsdt));
        }

        [Fact]
        public void ResourcesWithoutInterrupt_NotReported()
        {
            byte[] dsdt = MicrovmDsdt();
            int interrupt = IndexOfTag(dsdt, ExtendedInterruptTag);
            dsdt[interrupt] = 0x8A; // a QWord Address Space descriptor of the same length instead
            Assert.Empty(FindAll(dsdt));
        }

        // ---- many devices ----

        // The device block VR23 re-made as device i: name "VRnn", _UID i, base 0xfeb00000 + 0x200·i,
        // GSI 24 + i (QEMU microvm's numbering, of which VR23 is an instance).
        private static byte[] DeviceBlock(int i, byte? interruptFlags = null)
        {
            byte[] dsdt = MicrovmDsdt();
            byte[] block = dsdt.AsSpan(DeviceBlockStart, DeviceBlockEnd - DeviceBlockStart).ToArray();
            Assert.Equal("VR23"u8.ToArray(), block.AsSpan(4, 4).ToArray());
            block[6] = (byte)('0' + i / 10 % 10);
            block[7] = (byte)('0' + i % 10);
            int uid = block.AsSpan().IndexOf("_UID"u8) + 4;
            Assert.Equal(new byte[] { 0x0A, 23 }, block.AsSpan(uid, 2).ToArray());
            block[uid + 1] = (byte)i;
            int memory = IndexOfTag(block, Memory32FixedTag);
            Assert.Equal((uint)RealBase, BitConverter.ToUInt32(block, memory + 4));
            BitConverter.TryWriteBytes(block.AsSpan(memory + 4, 4), (uint)(0xfeb00000 + 0x200 * i));
            int flags = FlagsOffset(block);
            Assert.Equal(RealGsi, BitConverter.ToUInt32(block, flags + 2));
            BitConverter.TryWriteBytes(block.AsSpan(flags + 2, 4), (uint)(24 + i));
            if (interruptFlags.HasValue)
                block[flags] = interruptFlags.Value;
            return block;
        }

        // The microvm table with its device block replaced by blocks, the enclosing Scope (_SB_)
        // length, the table length and the checksum fixed up: a well-formed DSDT.
        private static byte[] TableWith(IEnumerable<byte[]> blocks)
        {
            byte[] dsdt = MicrovmDsdt();
            var table = new List<byte>(dsdt.AsSpan(0, DeviceBlockStart).ToArray());
            int removed = DeviceBlockEnd - DeviceBlockStart, added = 0;
            foreach (byte[] block in blocks)
            {
                table.AddRange(block);
                added += block.Length;
            }
            table.AddRange(dsdt.AsSpan(DeviceBlockEnd).ToArray());
            byte[] result = table.ToArray();
            int scopeLength = (dsdt[ScopeSbPackageLength] & 0x0F | dsdt[ScopeSbPackageLength + 1] << 4) - removed + added;
            Assert.InRange(scopeLength, 2, 0xFFF);
            result[ScopeSbPackageLength] = (byte)(0x40 | scopeLength & 0x0F);
            result[ScopeSbPackageLength + 1] = (byte)(scopeLength >> 4);
            BitConverter.TryWriteBytes(result.AsSpan(4, 4), result.Length);
            result[9] = 0;
            int sum = 0;
            foreach (byte b in result)
                sum += b;
            result[9] = (byte)(-sum);
            return result;
        }

        private static IEnumerable<byte[]> Blocks(int count)
        {
            for (int i = 0; i < count; i++)
                yield return DeviceBlock(i);
        }

        [Fact]
        public void TableWithOneRebuiltBlock_SameAsQemus()
        {
            // The rebuilding itself is faithful: block 23 gives back QEMU's table byte for byte.
            Assert.Equal(MicrovmDsdt(), TableWith(new[] { DeviceBlock(23) }));
        }

        [Theory]
        [InlineData(2)]
        [InlineData(8)]
        [InlineData(24)]
        public void SeveralDevices_AllReportedInTableOrder(int count)
        {
            MmioDeviceInfo[] devices = FindAll(TableWith(Blocks(count)));
            Assert.Equal(count, devices.Length);
            for (int i = 0; i < count; i++)
                AssertDevice(devices[i], 0xfeb00000UL + 0x200UL * (uint)i, RealSize, 24u + (uint)i, level: true, activeLow: false);
        }

        [Fact]
        public void SeveralDevices_EachKeepsItsOwnInterruptFlags()
        {
            byte[] table = TableWith(new[] { DeviceBlock(0, 0x01), DeviceBlock(1, 0x07), DeviceBlock(2, 0x03) });
            MmioDeviceInfo[] devices = FindAll(table);
            Assert.Equal(3, devices.Length);
            AssertDevice(devices[0], 0xfeb00000, RealSize, 24, level: true, activeLow: false);
            AssertDevice(devices[1], 0xfeb00200, RealSize, 25, level: false, activeLow: true);
            AssertDevice(devices[2], 0xfeb00400, RealSize, 26, level: false, activeLow: false);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(7)]
        public void SeveralDevices_CappedAtTheSpanGiven_FirstOnesInOrder(int capacity)
        {
            byte[] table = TableWith(Blocks(8));
            var found = new MmioDeviceInfo[capacity];
            int count = AcpiMmioDevices.Find(table, found);
            Assert.Equal(capacity, count);
            for (int i = 0; i < capacity; i++)
                AssertDevice(found[i], 0xfeb00000UL + 0x200UL * (uint)i, RealSize, 24u + (uint)i, level: true, activeLow: false);
        }

        [Fact]
        public void MoreDevicesThanDevicesMax_CappedAtDevicesMax()
        {
            int count = AcpiMmioDevices.DevicesMax + 8;
            MmioDeviceInfo[] devices = FindAll(TableWith(Blocks(count)), capacity: count);
            Assert.Equal(AcpiMmioDevices.DevicesMax, devices.Length);
            for (int i = 0; i < devices.Length; i++)
                Assert.Equal(0xfeb00000UL + 0x200UL * (uint)i, devices[i].BaseAddress);
        }

        [Fact]
        public void SeveralDevices_OneHidWithoutStringPrefix_OnlyThatOneSkipped()
        {
            byte[] middle = DeviceBlock(1);
            int hid = middle.AsSpan().IndexOf("LNRO0005"u8);
            Assert.Equal(0x0D, middle[hid - 1]);
            middle[hid - 1] = 0x0A;
            MmioDeviceInfo[] devices = FindAll(TableWith(new[] { DeviceBlock(0), middle, DeviceBlock(2) }));
            Assert.Equal(2, devices.Length);
            Assert.Equal(0xfeb00000UL, devices[0].BaseAddress);
            Assert.Equal(0xfeb00400UL, devices[1].BaseAddress);
        }

        [Fact]
        public void SeveralDevices_OneWithBrokenResources_OthersStillReported()
        {
            byte[] middle = DeviceBlock(1);
            int crs = middle.AsSpan().IndexOf("_CRS"u8);
            Assert.Equal(0x11, middle[crs + 4]);
            middle[crs + 4] = 0x12; // a Package, not a Buffer
            MmioDeviceInfo[] devices = FindAll(TableWith(new[] { DeviceBlock(0), middle, DeviceBlock(2) }));
            Assert.Equal(2, devices.Length);
            Assert.Equal(0xfeb00000UL, devices[0].BaseAddress);
            Assert.Equal(0xfeb00400UL, devices[1].BaseAddress);
        }

        // ---- seeded mutations ----

        private const int MutationsPerSeed = 250; // x 20 seeds: 5000 mutated tables per run

        [Theory]
        [MemberData(nameof(SimulationSeeds.All), MemberType = typeof(SimulationSeeds))]
        public void RandomByteMutations_NeverThrowAndReportOnlyWhatTheBytesSay(ulong seed)
        {
            _output.WriteLine("seed " + seed);
            var random = new SimulationRandom(seed);
            byte[] original = MicrovmDsdt();
            int realFound = 0, changedFound = 0, none = 0;
            for (int trial = 0; trial < MutationsPerSeed; trial++)
            {
                byte[] dsdt = (byte[])original.Clone();
                int mutations = random.Between(1, 6);
                bool deviceBlockTouched = false;
                for (int m = 0; m < mutations; m++)
                {
                    // Half of them aimed at the device block, where they matter.
                    int at = random.Chance(50) ? random.Between(DeviceBlockStart, DeviceBlockEnd - 1) : random.Between(0, dsdt.Length - 1);
                    byte value = random.Chance(25) ? SpecialByte(random) : (byte)random.Between(0, 255);
                    if (value != dsdt[at] && at >= DeviceBlockStart && at < DeviceBlockEnd)
                        deviceBlockTouched = true;
                    dsdt[at] = value;
                }
                int length = random.Chance(20) ? random.Between(0, dsdt.Length) : dsdt.Length;
                ReadOnlySpan<byte> table = dsdt.AsSpan(0, length);
                string context = "seed " + seed + " trial " + trial + " table " + Convert.ToHexString(table);

                MmioDeviceInfo[] devices;
                try
                {
                    devices = FindAll(table);
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException(context + ": threw " + e);
                }

                Assert.True(devices.Length <= CountPrefixedHids(table), context + ": more devices than prefixed _HIDs");
                foreach (MmioDeviceInfo device in devices)
                    Assert.True(BytesSay(table, device), context + ": reported a device the bytes do not describe: base 0x" +
                        device.BaseAddress.ToString("x") + " size 0x" + device.SizeBytes.ToString("x") + " gsi " + device.Gsi);
                if (!deviceBlockTouched && length >= CrsBufferEnd)
                {
                    Assert.True(devices.Length == 1, context + ": device block intact but the device was lost");
                    AssertRealDevice(devices[0]);
                }
                if (devices.Length == 0)
                    none++;
                else if (devices[0].BaseAddress == RealBase && devices[0].SizeBytes == RealSize && devices[0].Gsi == RealGsi)
                    realFound++;
                else
                    changedFound++;
            }
            _output.WriteLine("real " + realFound + " changed " + changedFound + " none " + none);
            Assert.True(realFound > 0 && none > 0, "the mutations exercised neither outcome");
        }

        // Bytes that steer the parser: prefixes, tags and lengths it branches on.
        private static byte SpecialByte(SimulationRandom random) =>
            random.Pick(new byte[] { 0x00, 0x0A, 0x0B, 0x0C, 0x0D, 0x11, 0x40, 0x79, 0x80, 0x86, 0x89, 0xC0, 0xFF });

        private static int CountPrefixedHids(ReadOnlySpan<byte> table)
        {
            int count = 0;
            for (int i = 1; i + 8 <= table.Length; i++)
                if (table[i - 1] == 0x0D && table.Slice(i, 8).SequenceEqual("LNRO0005"u8))
                    count++;
            return count;
        }

        // Whether, after some string-prefixed "LNRO0005", the table holds a whole Memory32Fixed
        // descriptor (86 09 00 info base size) with the device's base and size, and either a
        // whole Extended Interrupt descriptor (89 len 00 flags count gsi...) with at least one
        // interrupt, the device's first GSI and its flags, or an IRQ descriptor (small type 4:
        // tag 0x20 | length, 16-bit mask, flags when longer: bit 0 edge, bit 3 active low) whose lowest
        // set bit is the GSI (ACPI 6.4.2.1; a mutation can turn one into the other).
        private static bool BytesSay(ReadOnlySpan<byte> table, MmioDeviceInfo device)
        {
            int firstHid = -1;
            for (int i = 1; i + 8 <= table.Length && firstHid < 0; i++)
                if (table[i - 1] == 0x0D && table.Slice(i, 8).SequenceEqual("LNRO0005"u8))
                    firstHid = i;
            if (firstHid < 0)
                return false;
            bool memory = false, interrupt = false;
            for (int at = firstHid + 8; at < table.Length; at++)
            {
                if (table[at] == Memory32FixedTag && at + 12 <= table.Length && (table[at + 1] | table[at + 2] << 8) >= 9 &&
                    BitConverter.ToUInt32(table.Slice(at + 4, 4)) == device.BaseAddress &&
                    BitConverter.ToUInt32(table.Slice(at + 8, 4)) == device.SizeBytes && device.SizeBytes != 0)
                    memory = true;
                if (table[at] == ExtendedInterruptTag && at + 9 <= table.Length && (table[at + 1] | table[at + 2] << 8) >= 6 &&
                    table[at + 4] >= 1 && BitConverter.ToUInt32(table.Slice(at + 5, 4)) == device.Gsi &&
                    ((table[at + 3] & 2) == 0) == device.LevelTriggered && ((table[at + 3] & 4) != 0) == device.ActiveLow)
                    interrupt = true;
                if ((table[at] & 0xF8) == 0x20 && (table[at] & 7) >= 2 && at + 3 <= table.Length)
                {
                    int mask = table[at + 1] | table[at + 2] << 8;
                    byte flags = (table[at] & 7) >= 3 && at + 4 <= table.Length ? table[at + 3] : (byte)0x01;
                    if (mask != 0 && device.Gsi < 16 && (mask & ((1 << (int)device.Gsi + 1) - 1)) == 1 << (int)device.Gsi
                        && ((flags & 1) == 0) == device.LevelTriggered && ((flags & 8) != 0) == device.ActiveLow)
                        interrupt = true;
                }
            }
            return memory && interrupt && device.BaseAddress <= uint.MaxValue;
        }

        // A descriptor tag in the _CRS buffer of the (first) LNRO0005 device.
        private static int IndexOfTag(byte[] bytes, byte tag)
        {
            int hid = bytes.AsSpan().IndexOf("LNRO0005"u8);
            Assert.True(hid >= 0);
            int crs = hid + bytes.AsSpan(hid).IndexOf("_CRS"u8);
            Assert.True(crs >= 0);
            int at = bytes.AsSpan(crs).IndexOf(tag);
            Assert.True(at >= 0);
            return crs + at;
        }

        // The Extended Interrupt descriptor's flags byte (tag, 2 length bytes, flags, count, GSIs).
        private static int FlagsOffset(byte[] bytes) => IndexOfTag(bytes, ExtendedInterruptTag) + 3;
    }
}
