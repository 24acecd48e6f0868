// The C entry points, called through the addresses the export table hands the loader.
namespace OSv.Libc.Tests.Format
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;
    using OSv.Libc.Format;
    using Xunit;

    public sealed unsafe class FormatExportsTests
    {
        private static readonly ExportTable Table = CreateTable();

        private static ExportTable CreateTable()
        {
            var table = new ExportTable();
            FormatExports.Register(table);
            return table;
        }

        [Fact]
        public void Register_AddsEveryFunction()
        {
            foreach (string name in new[] { "vsnprintf", "vsprintf", "__vsnprintf_chk", "__vsprintf_chk", "vasprintf",
                "vsscanf", "__isoc99_vsscanf", "strtol", "strtoul", "strtoll", "strtoull", "strtoimax", "strtoumax",
                "atoi", "atol", "atoll", "strtod", "strtof", "atof" })
                Assert.NotEqual(0, Table.Lookup(System.Text.Encoding.ASCII.GetBytes(name)));
            Assert.Equal(0, Table.Lookup("strtold"u8));
        }

        [Fact]
        public void Vsnprintf_ThroughExport_FormatsAndTruncates()
        {
            var vsnprintf = (delegate* unmanaged<byte*, nuint, byte*, VaList*, int>)Table.Lookup("vsnprintf"u8);
            using var arguments = new VaListBuilder();
            arguments.Integer(42).Double(0.5).String("str");
            byte* buffer = arguments.Block(64);
            VaList list = arguments.Build();
            int length = vsnprintf(buffer, 8, arguments.Utf8("%d|%.2f|%s"), &list);
            Assert.Equal(11, length);
            Assert.Equal("42|0.50", Marshal.PtrToStringUTF8((nint)buffer));
        }

        [Fact]
        public void Vasprintf_ThroughExport_ReturnsWholeString()
        {
            var vasprintf = (delegate* unmanaged<byte**, byte*, VaList*, int>)Table.Lookup("vasprintf"u8);
            using var arguments = new VaListBuilder();
            arguments.String("abc").Integer(-7);
            VaList list = arguments.Build();
            byte* result = null;
            Assert.Equal(10, vasprintf(&result, arguments.Utf8("<%s:%4d>"), &list));
            Assert.Equal("<abc:  -7>", Marshal.PtrToStringUTF8((nint)result));
        }

        [Fact]
        public void Strtod_And_Atoi_ThroughExports_MatchC()
        {
            var strtod = (delegate* unmanaged<byte*, byte**, double>)Table.Lookup("strtod"u8);
            var atoi = (delegate* unmanaged<byte*, int>)Table.Lookup("atoi"u8);
            var vsscanf = (delegate* unmanaged<byte*, byte*, VaList*, int>)Table.Lookup("__isoc99_vsscanf"u8);
            fixed (byte* text = "  2.5e-3xyz\0"u8)
            {
                byte* end;
                Assert.Equal(2.5e-3, strtod(text, &end));
                Assert.Equal(8, end - text);
            }
            fixed (byte* text = " -123abc\0"u8)
                Assert.Equal(-123, atoi(text));
            using var arguments = new VaListBuilder();
            byte* cell = arguments.Block(8);
            arguments.Integer((long)cell);
            VaList list = arguments.Build();
            Assert.Equal(1, vsscanf(arguments.Utf8("x=17"), arguments.Utf8("x=%d"), &list));
            Assert.Equal(17, *(int*)cell);
        }
    }
}
