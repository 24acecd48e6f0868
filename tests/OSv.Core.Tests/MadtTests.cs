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

        [Fact]
        public void FindCpus_WrongSignature_FindsNothing()
        {
            byte[] table = Table(LocalApic(0, 1));
            table[0] = (byte)'X';
            Assert.Empty(Cpus(table));
        }
    }
}
