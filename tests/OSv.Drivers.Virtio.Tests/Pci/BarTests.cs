// BAR sizing and placement (PciBars, PciBarProbe, BarPlacement, PciResources): decoding every
// readback a device could give, placing BARs naturally aligned inside the window and below
// 4 GiB, and assigning a simulated bus as a whole.
using System;
using System.Linq;
using OSv.Drivers.Virtio.Pci;
using Xunit;

namespace OSv.Drivers.Virtio.Tests.Pci
{
    public sealed class BarTests
    {
        private static readonly AddressWindow Microvm = new AddressWindow(0xC000_0000, 0x2000_0000);

        [Fact]
        public void Decode_Memory32_SizeFromMask()
        {
            PciFault fault = PciBars.Decode(1, 0x0000_0000, 0xFFFF_F000, 0, 0, out PciBar bar);

            Assert.True(fault.IsNone);
            Assert.Equal(PciBarKind.Memory32, bar.Kind);
            Assert.Equal(0x1000UL, bar.SizeBytes);
        }

        [Fact]
        public void Decode_Memory64Prefetchable_SizeSpansBothHalves()
        {
            PciFault fault = PciBars.Decode(4, 0x0000_000C, 0xFFFF_C00C, 0, 0xFFFF_FFFF, out PciBar bar);

            Assert.True(fault.IsNone);
            Assert.Equal(PciBarKind.Memory64, bar.Kind);
            Assert.True(bar.Prefetchable);
            Assert.Equal(0x4000UL, bar.SizeBytes);
        }

        [Fact]
        public void Decode_Memory64LargerThan4GiB_SizeFromHighHalf()
        {
            PciBars.Decode(0, 0x4, 0x0000_0004, 0, 0xFFFF_FFFE, out PciBar bar);

            Assert.Equal(0x2_0000_0000UL, bar.SizeBytes);
        }

        [Fact]
        public void Decode_Memory64KeepsFirmwareAddress()
        {
            PciBars.Decode(2, 0x8000_000C, 0xFFFF_C00C, 0x12, 0xFFFF_FFFF, out PciBar bar);

            Assert.Equal(0x12_8000_0000UL, bar.Address);
        }

        [Fact]
        public void Decode_ReadsBackZero_Absent()
        {
            Assert.True(PciBars.Decode(0, 0, 0, 0, 0, out PciBar bar).IsNone);
            Assert.Equal(PciBarKind.Absent, bar.Kind);
        }

        [Fact]
        public void Decode_IoBarWith16DecodedBits_Sized()
        {
            PciBars.Decode(0, 0x1, 0x0000_FFC1, 0, 0, out PciBar bar);

            Assert.Equal(PciBarKind.Io, bar.Kind);
            Assert.Equal(0x40UL, bar.SizeBytes);
        }

        [Theory]
        [InlineData(0xFFFF_0F00u)] // a hole in the ones
        [InlineData(0x0000_F000u)] // ones not from the top
        [InlineData(0xF0F0_F000u)]
        public void Decode_MaskNotContiguous_Rejected(uint probed)
        {
            Assert.Equal(PciError.BarMaskNotContiguous, PciBars.Decode(0, 0, probed, 0, 0, out _).Error);
        }

        [Theory]
        [InlineData(0x2u)]
        [InlineData(0x6u)]
        public void Decode_ReservedMemoryType_Rejected(uint type)
        {
            Assert.Equal(PciError.BarReservedType, PciBars.Decode(0, type, 0xFFFF_F000 | type, 0, 0, out _).Error);
        }

        [Fact]
        public void Decode_Memory64InLastSlot_Rejected()
        {
            Assert.Equal(PciError.BarUpperHalfMissing, PciBars.Decode(5, 0x4, 0xFFFF_F004, 0, 0, out _).Error);
        }

        [Fact]
        public void Placement_LargestFirst_NaturallyAlignedAndPacked()
        {
            var requests = new[]
            {
                new BarRequest { Owner = 0, SizeBytes = 0x1000 },
                new BarRequest { Owner = 1, SizeBytes = 0x4000 },
                new BarRequest { Owner = 2, SizeBytes = 0x100 },
                new BarRequest { Owner = 3, SizeBytes = 0x10_0000 },
            };

            PciFault fault = BarPlacement.Place(requests, Microvm, ReadOnlySpan<AddressWindow>.Empty);

            Assert.True(fault.IsNone);
            Assert.Equal(new[] { 3, 1, 0, 2 }, requests.Select(r => r.Owner).ToArray());
            Assert.Equal(new[] { 0xC000_0000UL, 0xC010_0000UL, 0xC010_4000UL, 0xC010_5000UL }, requests.Select(r => r.Address).ToArray());
            foreach (BarRequest r in requests)
                Assert.Equal(0UL, r.Address % Math.Max(r.SizeBytes, PciLimits.BarAlignmentMinBytes));
        }

        [Fact]
        public void Placement_UnalignedWindowBase_FirstBarAlignedUp()
        {
            var requests = new[] { new BarRequest { SizeBytes = 0x10_0000 } };

            BarPlacement.Place(requests, new AddressWindow(0xC000_1000, 0x20_0000), ReadOnlySpan<AddressWindow>.Empty);

            Assert.Equal(0xC010_0000UL, requests[0].Address);
        }

        [Fact]
        public void Placement_ReservedRange_Skipped()
        {
            var requests = new[] { new BarRequest { SizeBytes = 0x4000 }, new BarRequest { SizeBytes = 0x1000 } };
            var reserved = new[] { new AddressWindow(0xC000_0000, 0x5000) };

            PciFault fault = BarPlacement.Place(requests, Microvm, reserved);

            Assert.True(fault.IsNone);
            Assert.Equal(0xC000_8000UL, requests[0].Address);
            Assert.Equal(0xC000_C000UL, requests[1].Address);
        }

        [Fact]
        public void Placement_ReservedRangeCoveringRestOfWindow_Exhausted()
        {
            var requests = new[] { new BarRequest { SizeBytes = 0x1000 } };
            var reserved = new[] { new AddressWindow(0xC000_0000, ulong.MaxValue - 0xC000_0000) };

            Assert.Equal(PciError.BarWindowExhausted, BarPlacement.Place(requests, Microvm, reserved).Error);
        }

        [Fact]
        public void Placement_TotalLargerThanWindow_Exhausted()
        {
            var requests = new[] { new BarRequest { Owner = 7, SizeBytes = 0x1_0000 }, new BarRequest { Owner = 8, SizeBytes = 0x1_0000 } };

            PciFault fault = BarPlacement.Place(requests, new AddressWindow(0xC000_0000, 0x1_8000), ReadOnlySpan<AddressWindow>.Empty);

            Assert.Equal(PciError.BarWindowExhausted, fault.Error);
            Assert.Equal(8, fault.Offset);
        }

        [Fact]
        public void Placement_BarAboveLimit_TooLarge()
        {
            var requests = new[] { new BarRequest { SizeBytes = PciLimits.BarSizeMaxBytes * 2 } };

            Assert.Equal(PciError.BarTooLarge, BarPlacement.Place(requests, Microvm, ReadOnlySpan<AddressWindow>.Empty).Error);
        }

        [Fact]
        public void Placement_WindowReachingPast4GiB_Refused()
        {
            var requests = new[] { new BarRequest { SizeBytes = 0x1000 } };

            Assert.Equal(PciError.BarAboveMappedRange, BarPlacement.Place(requests, new AddressWindow(0xF000_0000, 0x2000_0000), ReadOnlySpan<AddressWindow>.Empty).Error);
        }

        [Fact]
        public void Placement_NoWindow_Refused()
        {
            var requests = new[] { new BarRequest { SizeBytes = 0x1000 } };

            Assert.Equal(PciError.NoMmio32Window, BarPlacement.Place(requests, default, ReadOnlySpan<AddressWindow>.Empty).Error);
        }

        [Fact]
        public void Probe_RestoresRegistersAndCommand()
        {
            var bus = new SimulatedPciBus();
            SimulatedFunction f = bus.Add(0, 1, 0, new ConfigSpace());
            f.SetMemoryBar32(1, 0x1000);
            f.SetMemoryBar64(4, 0x4000);
            f.Config[PciRegisters.Command] = (byte)PciRegisters.CommandBusMaster;
            var bars = new PciBar[PciLimits.BarsMax];

            PciFault fault = PciBarProbe.Probe(bus, new PciAddress(0, 1, 0), 0, bars);

            Assert.True(fault.IsNone);
            Assert.Equal(PciBarKind.Memory32, bars[1].Kind);
            Assert.Equal(PciBarKind.Memory64, bars[4].Kind);
            Assert.Equal(PciBarKind.UpperHalf, bars[5].Kind);
            Assert.Equal(0x4000UL, bars[4].SizeBytes);
            Assert.Equal(0UL, f.BarAddress(4, true));
            Assert.Equal(PciRegisters.CommandBusMaster, f.Command);
        }

        [Fact]
        public void AssignAll_MicrovmLikeBus_BarsWrittenInsideWindowBelow4GiB()
        {
            var bus = new SimulatedPciBus();
            bus.Add(0, 0, 0, new ConfigSpace(0x1B36, 0x0008));
            SimulatedFunction net = bus.Add(0, 1, 0, new ConfigSpace());
            net.SetMemoryBar32(1, 0x1000);
            net.SetMemoryBar64(4, 0x4000);
            net.SetIoBar(0, 0x40);
            var functions = new PciFunctionInfo[4];
            int count = PciEnumerator.Enumerate(bus, functions, out _);
            var bars = new PciBar[count * PciLimits.BarsMax];
            var faults = new PciFault[count];

            PciFault fault = PciResources.AssignAll(bus, functions.AsSpan(0, count), Microvm, bars, faults);

            Assert.True(fault.IsNone, fault.ToString());
            Assert.Equal(0xC000_0000UL, net.BarAddress(4, true));
            Assert.Equal(0xC000_4000UL, net.BarAddress(1, false));
            Assert.Equal(0xC000_0000UL, bars[1 * PciLimits.BarsMax + 4].Address);
            Assert.Equal(PciBarKind.Io, bars[1 * PciLimits.BarsMax + 0].Kind);
            Assert.Equal(0UL, bars[1 * PciLimits.BarsMax + 0].Address); // I/O BARs are not assigned
            Assert.Equal(0, net.Command & PciRegisters.CommandMemorySpace); // decoding stays off
        }

        [Fact]
        public void AssignAll_FirmwarePlacedBarsKept_OthersAvoidThem()
        {
            var bus = new SimulatedPciBus();
            SimulatedFunction placed = bus.Add(0, 1, 0, new ConfigSpace());
            placed.SetMemoryBar32(0, 0x4000, 0xC000_0000);
            placed.Config[PciRegisters.Command] = (byte)PciRegisters.CommandMemorySpace;
            SimulatedFunction fresh = bus.Add(0, 2, 0, new ConfigSpace());
            fresh.SetMemoryBar32(0, 0x4000);
            var functions = new PciFunctionInfo[4];
            int count = PciEnumerator.Enumerate(bus, functions, out _);

            PciFault fault = PciResources.AssignAll(bus, functions.AsSpan(0, count), Microvm, new PciBar[count * 6], new PciFault[count]);

            Assert.True(fault.IsNone);
            Assert.Equal(0xC000_0000UL, placed.BarAddress(0, false));
            Assert.Equal(0xC000_4000UL, fresh.BarAddress(0, false));
        }

        [Fact]
        public void AssignAll_WindowTooSmall_NothingWritten()
        {
            var bus = new SimulatedPciBus();
            SimulatedFunction a = bus.Add(0, 1, 0, new ConfigSpace());
            a.SetMemoryBar32(0, 0x1_0000);
            SimulatedFunction b = bus.Add(0, 2, 0, new ConfigSpace());
            b.SetMemoryBar32(0, 0x1_0000);
            var functions = new PciFunctionInfo[4];
            int count = PciEnumerator.Enumerate(bus, functions, out _);
            int writesAfterProbe = 0;

            PciFault fault = PciResources.AssignAll(bus, functions.AsSpan(0, count), new AddressWindow(0xC000_0000, 0x1_0000), new PciBar[count * 6], new PciFault[count]);
            writesAfterProbe = a.BarWrites + b.BarWrites;

            Assert.Equal(PciError.BarWindowExhausted, fault.Error);
            Assert.Equal(0UL, a.BarAddress(0, false));
            Assert.Equal(0UL, b.BarAddress(0, false));
            Assert.Equal(2 * 2 * PciLimits.BarsMax, writesAfterProbe); // only the probes' write/restore pairs
        }

        [Fact]
        public void AssignAll_FunctionWithBadBar_SkippedOthersAssigned()
        {
            var bus = new SimulatedPciBus();
            SimulatedFunction bad = bus.Add(0, 1, 0, new ConfigSpace());
            bad.BarWritableMask[0] = 0xFF0F_F000; // not a size mask
            SimulatedFunction good = bus.Add(0, 2, 0, new ConfigSpace());
            good.SetMemoryBar32(0, 0x1000);
            var functions = new PciFunctionInfo[4];
            int count = PciEnumerator.Enumerate(bus, functions, out _);
            var faults = new PciFault[count];

            PciFault fault = PciResources.AssignAll(bus, functions.AsSpan(0, count), Microvm, new PciBar[count * 6], faults);

            Assert.True(fault.IsNone);
            Assert.Equal(PciError.BarMaskNotContiguous, faults[0].Error);
            Assert.Equal(0xC000_0000UL, good.BarAddress(0, false));
        }
    }
}
