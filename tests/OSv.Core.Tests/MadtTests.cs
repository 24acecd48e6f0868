using System;
using System.Collections.Generic;
using OSv.Core.Boot;
using Xunit;

namespace OSv.Core.Tests
{
    public class MadtTests
    {
        private static byte[] Table(params byte[][] entries)
        {
            var bytes = new List<byte>();
            bytes.AddRange(new byte[] { (byte)'A', (byte)'P', (byte)'I', (byte)'C' });
            bytes.AddRange(new byte[Madt.HeaderBytes - 4]);
            foreach (byte[] entry in entries)
                bytes.AddRange(entry);
            byte[] table = bytes.ToArray();
            BitConverter.GetBytes(table.Length).CopyTo(table, 4);
            return table;
        }

        private static byte[] LocalApic(byte apicId, uint flags) =>
            new byte[] { 0, 8, apicId, apicId, (byte)flags, 0, 0, 0 };

        private static byte[] X2Apic(uint apicId, uint flags)
        {
            var entry = new byte[16];
            entry[0] = 9;
            entry[1] = 16;
            BitConverter.GetBytes(apicId).CopyTo(entry, 4);
            BitConverter.GetBytes(flags).CopyTo(entry, 8);
            return entry;
        }

        private static uint[] Cpus(byte[] table, int capacity = 8)
        {
            var ids = new uint[capacity];
            int count = Madt.FindCpus(table, ids);
            return ids[..count];
        }

        [Fact]
        public void FindCpus_EnabledLocalApics_InTableOrder()
        {
            Assert.Equal(new uint[] { 0, 1, 3 }, Cpus(Table(LocalApic(0, 1), LocalApic(1, 1), LocalApic(3, 1))));
        }

        [Fact]
        public void FindCpus_DisabledButOnlineCapable_Counts()
        {
            Assert.Equal(new uint[] { 0, 2 }, Cpus(Table(LocalApic(0, 1), LocalApic(1, 0), LocalApic(2, 2))));
        }

        [Fact]
        public void FindCpus_X2ApicEntries_UseTheirWideIds()
        {
            Assert.Equal(new uint[] { 0, 300 }, Cpus(Table(LocalApic(0, 1), X2Apic(300, 1))));
        }

        [Fact]
        public void FindCpus_OtherEntryTypes_AreSkipped()
        {
            byte[] ioApic = { 1, 12, 0, 0, 0, 0, 0xC0, 0xFE, 0, 0, 0, 0 };
            Assert.Equal(new uint[] { 0, 1 }, Cpus(Table(LocalApic(0, 1), ioApic, LocalApic(1, 1))));
        }

        [Fact]
        public void FindCpus_EntryRunningPastTheTable_EndsTheWalk()
        {
            byte[] table = Table(LocalApic(0, 1), new byte[] { 0, 40, 5, 5 });
            Assert.Equal(new uint[] { 0 }, Cpus(table));
        }

        [Fact]
        public void FindCpus_ZeroLengthEntry_DoesNotLoop()
        {
            Assert.Equal(new uint[] { 0 }, Cpus(Table(LocalApic(0, 1), new byte[] { 0, 0, 0, 0 })));
        }

        [Fact]
        public void FindCpus_MoreCpusThanRoom_StopsAtCapacity()
        {
            Assert.Equal(new uint[] { 0, 1 }, Cpus(Table(LocalApic(0, 1), LocalApic(1, 1), LocalApic(2, 1)), capacity: 2));
        }

        private static byte[] IoApic(byte id, uint address, uint gsiBase)
        {
            var entry = new byte[12];
            entry[0] = 1;
            entry[1] = 12;
            entry[2] = id;
            BitConverter.GetBytes(address).CopyTo(entry, 4);
            BitConverter.GetBytes(gsiBase).CopyTo(entry, 8);
            return entry;
        }

        private static byte[] Override(byte isaIrq, uint gsi, ushort flags)
        {
            var entry = new byte[10];
            entry[0] = 2;
            entry[1] = 10;
            entry[3] = isaIrq;
            BitConverter.GetBytes(gsi).CopyTo(entry, 4);
            BitConverter.GetBytes(flags).CopyTo(entry, 8);
            return entry;
        }

        [Fact]
        public void FindIoApics_ListsAddressAndFirstGsi()
        {
            byte[] table = Table(LocalApic(0, 1), IoApic(2, 0xFEC00000, 0), IoApic(3, 0xFEC01000, 24));
            var ioApics = new IoApicEntryInfo[4];
            Assert.Equal(2, Madt.FindIoApics(table, ioApics));
            Assert.Equal(0xFEC00000u, ioApics[0].Address);
            Assert.Equal(24u, ioApics[1].GsiBase);
            Assert.Equal(3, ioApics[1].Id);
        }

        [Fact]
        public void RouteIsaInterrupt_NoOverride_IsIdentityEdgeActiveHigh()
        {
            InterruptRoute route = Madt.RouteIsaInterrupt(Table(LocalApic(0, 1)), 4);
            Assert.Equal(4u, route.Gsi);
            Assert.False(route.ActiveLow);
            Assert.False(route.LevelTriggered);
        }

        [Fact]
        public void RouteIsaInterrupt_Override_GivesGsiPolarityAndTrigger()
        {
            // ISA IRQ 9 to GSI 20, active low (polarity 3), level-triggered (trigger 3 << 2).
            InterruptRoute route = Madt.RouteIsaInterrupt(Table(Override(0, 2, 0), Override(9, 20, 0xF)), 9);
            Assert.Equal(20u, route.Gsi);
            Assert.True(route.ActiveLow);
            Assert.True(route.LevelTriggered);
        }

        [Fact]
        public void FindCpus_WrongSignature_FindsNothing()
        {
            byte[] table = Table(LocalApic(0, 1));
            table[0] = (byte)'X';
            Assert.Empty(Cpus(table));
        }
    }
}
