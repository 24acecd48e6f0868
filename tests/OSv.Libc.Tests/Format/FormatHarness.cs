// Runs one printf format through our engine and through the host glibc with identical va_lists,
// returning both outputs (and both return values) for a byte-for-byte comparison.
namespace OSv.Libc.Tests.Format
{
    using System.Text;
    using OSv.Libc.Abi;
    using OSv.Libc.Format;

    internal static unsafe class FormatHarness
    {
        private const int OutputBytes = 4096;

        public static (string Text, long Length) Ours(string format, VaListBuilder arguments, int size = OutputBytes)
        {
            byte* buffer = stackalloc byte[OutputBytes];
            byte* formatText = arguments.Utf8(format);
            VaList list = arguments.Build();
            long length = Printf.FormatToBuffer(buffer, (nuint)size, formatText, ref list);
            return (ReadText(buffer, size), length);
        }

        public static (string Text, long Length) Glibc(string format, VaListBuilder arguments, int size = OutputBytes)
        {
            byte* buffer = stackalloc byte[OutputBytes];
            byte* formatText = arguments.Utf8(format);
            VaList list = arguments.Build();
            int length = GlibcOracle.VFormat(buffer, (nuint)size, formatText, &list);
            return (ReadText(buffer, size), length);
        }

        private static string ReadText(byte* buffer, int size)
        {
            if (size == 0)
                return "";
            int length = 0;
            while (length < size && buffer[length] != 0)
                length++;
            return Encoding.Latin1.GetString(buffer, length);
        }
    }
}
