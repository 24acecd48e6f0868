using System;
using System.Text;
using OSv.Core.Diagnostics;
using OSv.Sdk;
using Xunit;

namespace OSv.Core.Tests
{
    // The writer (image build, host side) and the reader (kernel, in a panic) share one format.
    public class SymbolMapTests
    {
        private static readonly ElfSymbol[] Symbols =
        {
            new("Hello_Program__Main", 0x101000, 0x40, IsFunction: true),
            new("_ZTV43OSv_Runtime_System_IndexOutOfRangeException", 0x105000, 0x30, IsFunction: false),
            new("OSv_Core_Panic__Stop", 0x100200, 0x80, IsFunction: true),
            new("unsized_label", 0x100100, 0, IsFunction: false),
        };

        private static string? Lookup(ulong address, out ulong offset)
        {
            var map = new SymbolMap(SymbolMapWriter.Build(Symbols));
            if (!map.TryLookup(address, out ReadOnlySpan<byte> name, out offset))
                return null;
            return Encoding.UTF8.GetString(name);
        }

        [Fact]
        public void Lookup_AddressInsideFunction_GivesNameAndOffset()
        {
            Assert.Equal("Hello_Program__Main", Lookup(0x101010, out ulong offset));
            Assert.Equal(0x10UL, offset);
        }

        [Fact]
        public void Lookup_MethodTable_NameLosesVTablePrefix()
        {
            Assert.Equal("OSv_Runtime_System_IndexOutOfRangeException", Lookup(0x105000, out ulong offset));
            Assert.Equal(0UL, offset);
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
        public void Lookup_BelowFirstSymbol_FindsNothing()
        {
            Assert.Null(Lookup(0x1000, out _));
        }

        [Fact]
        public void Build_SameAddressTwice_PrefersFunction()
        {
            var map = new SymbolMap(SymbolMapWriter.Build(new ElfSymbol[]
            {
                new("label", 0x2000, 0, IsFunction: false),
                new("Function", 0x2000, 8, IsFunction: true),
            }));
            Assert.Equal(1, map.Count);
            Assert.True(map.TryLookup(0x2004, out ReadOnlySpan<byte> name, out _));
            Assert.Equal("Function", Encoding.UTF8.GetString(name));
        }

        [Fact]
        public void SymbolMap_TruncatedBlob_BehavesAsEmpty()
        {
            byte[] blob = SymbolMapWriter.Build(Symbols);
            var map = new SymbolMap(blob.AsSpan(0, blob.Length - 1));
            Assert.Equal(0, map.Count);
            Assert.False(map.TryLookup(0x101010, out _, out _));
        }

        [Fact]
        public void SymbolMap_WrongMagic_BehavesAsEmpty()
        {
            byte[] blob = SymbolMapWriter.Build(Symbols);
            blob[0] ^= 0xFF;
            Assert.Equal(0, new SymbolMap(blob).Count);
        }

        [Fact]
        public void SymbolMap_Magic_MatchesWriter()
        {
            Assert.Equal(SymbolMapWriter.Magic, SymbolMap.Magic);
        }
    }
}
