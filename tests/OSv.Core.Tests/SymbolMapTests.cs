using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using OSv.Core.Diagnostics;
using OSv.Sdk;
using Xunit;

namespace OSv.Core.Tests
{
    // The writer (image build, host side) and the reader (kernel, in a panic) share one format.
    public class SymbolMapTests
    {
        private const ulong TextEnd = 0x104000;

        private static readonly ElfSymbol[] Symbols =
        {
            new("Hello_Program__Main", 0x101000, 0x40, IsFunction: true, IsCode: true, SectionEnd: TextEnd),
            new("_ZTV44S_P_CoreLib_System_IndexOutOfRangeException", 0x105000, 0x30, IsFunction: false),
            new("OSv_Core_Panic__Stop", 0x100200, 0x80, IsFunction: true, IsCode: true, SectionEnd: TextEnd),
            new("unsized_label", 0x100100, 0, IsFunction: false, IsCode: true, SectionEnd: TextEnd),
            new("last_label", 0x103000, 0, IsFunction: false, IsCode: true, SectionEnd: TextEnd),
            new("__Str_some_literal", 0x106000, 0x20, IsFunction: false),
        };

        private static string? Lookup(byte[] blob, ulong address, out ulong offset)
        {
            var map = new SymbolMap(blob);
            Span<byte> name = stackalloc byte[SymbolMap.NameBytesMax];
            if (!map.TryLookup(address, name, out int nameLength, out offset))
                return null;
            return Encoding.UTF8.GetString(name.Slice(0, nameLength));
        }

        private static string? Lookup(ulong address, out ulong offset) => Lookup(SymbolMapWriter.Build(Symbols), address, out offset);

        [Fact]
        public void Lookup_AddressInsideFunction_GivesNameAndOffset()
        {
            Assert.Equal("Hello_Program__Main", Lookup(0x101010, out ulong offset));
            Assert.Equal(0x10UL, offset);
        }

        [Fact]
        public void Build_MethodTable_IsLeftOut()
        {
            Assert.Null(Lookup(0x105000, out _));
        }

        [Fact]
        public void Lookup_PastTheEndOfSizedSymbol_FindsNothing()
        {
            Assert.Null(Lookup(0x101040, out _));
        }

        [Fact]
        public void Lookup_AfterUnsizedSymbol_Matches()
        {
            Assert.Equal("unsized_label", Lookup(0x100150, out ulong offset));
            Assert.Equal(0x50UL, offset);
        }

        [Fact]
        public void Lookup_UnsizedLabelPastItsSectionEnd_FindsNothing()
        {
            Assert.Equal("last_label", Lookup(TextEnd - 1, out _));
            Assert.Null(Lookup(TextEnd, out _));
        }

        [Fact]
        public void Lookup_BelowFirstSymbol_FindsNothing()
        {
            Assert.Null(Lookup(0x1000, out _));
        }

        [Fact]
        public void Build_DataLabel_IsLeftOut()
        {
            Assert.Null(Lookup(0x106000, out _));
            Assert.Equal(4, new SymbolMap(SymbolMapWriter.Build(Symbols)).Count);
        }

        [Fact]
        public void Build_SameAddressTwice_PrefersFunction()
        {
            byte[] blob = SymbolMapWriter.Build(new ElfSymbol[]
            {
                new("label", 0x2000, 0, IsFunction: false, IsCode: true),
                new("Function", 0x2000, 8, IsFunction: true, IsCode: true),
            });
            Assert.Equal(1, new SymbolMap(blob).Count);
            Assert.Equal("Function", Lookup(blob, 0x2004, out _));
        }

        [Fact]
        public void RoundTrip_ManyBlocksOfSharedPrefixes_EveryNameComesBack()
        {
            List<ElfSymbol> symbols = ManyMethods(100);
            byte[] blob = SymbolMapWriter.Build(symbols);
            Assert.Equal(symbols.Count, new SymbolMap(blob).Count);
            foreach (ElfSymbol symbol in symbols)
            {
                Assert.Equal(symbol.Name, Lookup(blob, symbol.Address + 3, out ulong offset));
                Assert.Equal(3UL, offset);
            }
        }

        [Fact]
        public void RoundTrip_FrontCoding_IsSmallerThanPlainNames()
        {
            List<ElfSymbol> symbols = ManyMethods(100);
            int plainNameBytes = symbols.Sum(symbol => symbol.Name.Length + 1);
            int blobNameBytes = (int)BinaryPrimitives.ReadUInt32LittleEndian(SymbolMapWriter.Build(symbols).AsSpan(8));
            Assert.True(blobNameBytes * 2 < plainNameBytes, blobNameBytes + " of " + plainNameBytes);
        }

        [Fact]
        public void Build_NameLongerThanTheLimit_IsCutToTheLimit()
        {
            string longName = "Namespace_" + new string('x', 2 * SymbolMap.NameBytesMax);
            byte[] blob = SymbolMapWriter.Build(new[] { new ElfSymbol(longName, 0x3000, 4, IsFunction: true, IsCode: true) });
            Assert.Equal(longName.Substring(0, SymbolMap.NameBytesMax), Lookup(blob, 0x3000, out _));
        }

        [Fact]
        public void Lookup_BufferSmallerThanNameBytesMax_FindsNothing()
        {
            var map = new SymbolMap(SymbolMapWriter.Build(Symbols));
            Span<byte> name = stackalloc byte[SymbolMap.NameBytesMax - 1];
            Assert.False(map.TryLookup(0x101010, name, out int nameLength, out _));
            Assert.Equal(0, nameLength);
        }

        [Fact]
        public void Limits_MatchTheWriter()
        {
            Assert.Equal(SymbolMapWriter.Magic, SymbolMap.Magic);
            Assert.Equal(SymbolMapWriter.NameBytesMax, SymbolMap.NameBytesMax);
            Assert.True(SymbolMap.NameBytesMax < 1 << 14); // a length fits the reader's two LEB128 bytes
        }

        [Fact]
        public void SymbolMap_TruncatedBlob_BehavesAsEmpty()
        {
            byte[] blob = SymbolMapWriter.Build(Symbols);
            var map = new SymbolMap(blob.AsSpan(0, blob.Length - 1));
            Assert.Equal(0, map.Count);
            Assert.Null(Lookup(blob[..^1], 0x101010, out _));
        }

        [Fact]
        public void SymbolMap_WrongMagic_BehavesAsEmpty()
        {
            byte[] blob = SymbolMapWriter.Build(Symbols);
            blob[0] ^= 0xFF;
            Assert.Equal(0, new SymbolMap(blob).Count);
        }

        [Fact]
        public void SymbolMap_HugeClaimedCount_BehavesAsEmpty()
        {
            byte[] blob = SymbolMapWriter.Build(Symbols);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), uint.MaxValue);
            Assert.Equal(0, new SymbolMap(blob).Count);
            Assert.Null(Lookup(blob, 0x101010, out _));
        }

        [Fact]
        public void SymbolMap_BlockStartOutsideNames_FindsNothing()
        {
            byte[] blob = SymbolMapWriter.Build(Symbols);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4));
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(SymbolMap.HeaderBytes + count * SymbolMap.EntryBytes), 0xFFFFFF);
            Assert.Null(Lookup(blob, 0x101010, out _));
        }

        [Fact]
        public void SymbolMap_FirstNameOfBlockClaimsSharedBytes_FindsNothing()
        {
            byte[] blob = SymbolMapWriter.Build(Symbols);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4));
            int namesStart = SymbolMap.HeaderBytes + count * SymbolMap.EntryBytes + SymbolMap.BlockIndexEntryBytes;
            Assert.Equal(0, blob[namesStart]);
            blob[namesStart] = 5;
            Assert.Null(Lookup(blob, 0x100100, out _));
        }

        // Corrupt blobs from one seed (printed on failure): every lookup ends, reads inside the
        // blob (a span would throw otherwise) and gives a name no longer than the limit.
        [Fact]
        public void SymbolMap_RandomCorruption_NeverThrowsOrOverruns()
        {
            const int seed = 20261127;
            var random = new Random(seed);
            byte[] original = SymbolMapWriter.Build(ManyMethods(40));
            byte[] name = new byte[SymbolMap.NameBytesMax];
            for (int round = 0; round < 2000; round++)
            {
                byte[] blob = (byte[])original.Clone();
                int flips = 1 + random.Next(8);
                for (int i = 0; i < flips; i++)
                    blob[random.Next(blob.Length)] = (byte)random.Next(256);
                int length = random.Next(4) == 0 ? random.Next(blob.Length + 1) : blob.Length;
                var map = new SymbolMap(blob.AsSpan(0, length));
                for (int probe = 0; probe < 8; probe++)
                {
                    ulong address = 0x200000 + (ulong)random.Next(0x10000);
                    if (map.TryLookup(address, name, out int nameLength, out _))
                        Assert.True(nameLength <= SymbolMap.NameBytesMax, "seed " + seed + " round " + round);
                }
            }
        }

        // Methods of a few types, as ilc lays them out: a type's methods side by side.
        private static List<ElfSymbol> ManyMethods(int count)
        {
            var symbols = new List<ElfSymbol>();
            for (int i = 0; i < count; i++)
            {
                string name = "S_P_CoreLib_System_Collections_Generic_Type" + (i / 7) + "__Method" + i;
                symbols.Add(new ElfSymbol(name, 0x200000 + (ulong)i * 0x100, 0x80, IsFunction: true, IsCode: true));
            }
            return symbols;
        }
    }
}
