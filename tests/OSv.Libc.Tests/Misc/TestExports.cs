// The export tables the tests call through: one table per group of areas, filled by the areas'
// own Register methods, and a by-name lookup that binds a symbol the way OSv.Loader would and
// fails the test (naming the symbol) when it is missing. Libc, PosixExports, PthreadApi and
// CLibraries are the groups.
namespace OSv.Libc.Tests.Misc
{
    using System;
    using System.Text;
    using OSv.Libc.Abi;
    using Xunit;

    internal static class TestExports
    {
        /// <summary>A table holding every export the given Register methods add.</summary>
        public static ExportTable Build(params Action<ExportTable>[] registrations)
        {
            var table = new ExportTable();
            foreach (Action<ExportTable> register in registrations)
                register(table);
            return table;
        }

        /// <summary>The export's address; fails the test if it is missing.</summary>
        public static nint Require(ExportTable table, string name)
        {
            nint address = table.Lookup(Encoding.ASCII.GetBytes(name));
            Assert.True(address != 0, "missing export " + name);
            return address;
        }
    }
}
