// ExportTable: the hash lookup finds every registered name at full capacity (colliding hashes
// included), a re-added name replaces its address, and a name that is a prefix or extension of
// a registered one is not found.
using System.Text;
using OSv.Libc.Abi;
using Xunit;

namespace OSv.Libc.Tests.Abi
{
    public class ExportTableTests
    {
        [Fact]
        public void Lookup_FullTable_FindsEveryNameAndNothingElse()
        {
            var table = new ExportTable();
            for (int i = 0; i < ExportTable.CapacityMax; i++)
                table.Add(Encoding.UTF8.GetBytes("symbol_" + i.ToString()), 0x1000 + i);
            Assert.Equal(ExportTable.CapacityMax, table.Count);
            for (int i = 0; i < ExportTable.CapacityMax; i++)
                Assert.Equal((nint)(0x1000 + i), table.Lookup(Encoding.UTF8.GetBytes("symbol_" + i.ToString())));
            Assert.Equal(0, table.Lookup("symbol_"u8));
            Assert.Equal(0, table.Lookup("symbol_20480"u8));
            Assert.Equal(0, table.Lookup(""u8));
        }

        [Fact]
        public void Add_SameNameTwice_ReplacesAddressWithoutNewEntry()
        {
            var table = new ExportTable();
            table.Add("malloc"u8, 0x10);
            table.Add("free"u8, 0x20);
            table.Add("malloc"u8, 0x30);
            Assert.Equal(2, table.Count);
            Assert.Equal((nint)0x30, table.Lookup("malloc"u8));
            Assert.Equal((nint)0x20, table.Lookup("free"u8));
        }

        [Fact]
        public void Lookup_SameHashDifferentNames_BothFound()
        {
            // djb2: "Ez" and "FY" hash alike (h*33 + c: 'E'*33+'z' == 'F'*33+'Y').
            var table = new ExportTable();
            table.Add("Ez"u8, 0x1);
            table.Add("FY"u8, 0x2);
            Assert.Equal((nint)0x1, table.Lookup("Ez"u8));
            Assert.Equal((nint)0x2, table.Lookup("FY"u8));
        }
    }
}
