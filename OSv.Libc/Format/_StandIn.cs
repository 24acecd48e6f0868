// TEMPORARY STAND-IN (H5, stdio): the printf/scanf engine contract from the shared brief of
// issue 8 (owned by H2). Exactly the contracted signatures, with a toy body (printf: %%, %d, %s,
// %c; scanf: %d) so the stdio plumbing builds and can be tested before H2's engines merge.
// DELETE THIS FILE when OSv.Libc/Format/Printf.cs and Scanf.cs land.
namespace OSv.Libc.Format
{
    public interface IFormatSink
    {
        void Write(System.ReadOnlySpan<byte> bytes);
    }

    public interface IScanSource
    {
        int Read();

        void Unread(int c);
    }

    public static unsafe class Printf
    {
        public static long Format<TSink>(ref TSink sink, byte* format, ref OSv.Libc.Abi.VaList args)
            where TSink : struct, IFormatSink
        {
            long produced = 0;
            byte* digits = stackalloc byte[24];
            for (byte* p = format; *p != 0; p++)
            {
                if (*p != (byte)'%' || p[1] == 0)
                {
                    sink.Write(new System.ReadOnlySpan<byte>(p, 1));
                    produced++;
                    continue;
                }
                p++;
                if (*p == (byte)'d')
                {
                    long value = (int)args.NextInteger();
                    int count = 0;
                    ulong magnitude = value < 0 ? (ulong)-value : (ulong)value;
                    do { digits[23 - count++] = (byte)('0' + (int)(magnitude % 10)); magnitude /= 10; } while (magnitude != 0);
                    if (value < 0)
                        digits[23 - count++] = (byte)'-';
                    sink.Write(new System.ReadOnlySpan<byte>(digits + 24 - count, count));
                    produced += count;
                }
                else if (*p == (byte)'s')
                {
                    byte* text = (byte*)args.NextInteger();
                    int length = 0;
                    while (text[length] != 0)
                        length++;
                    sink.Write(new System.ReadOnlySpan<byte>(text, length));
                    produced += length;
                }
                else
                {
                    byte one = *p == (byte)'c' ? (byte)args.NextInteger() : *p;
                    sink.Write(new System.ReadOnlySpan<byte>(&one, 1));
                    produced++;
                }
            }
            return produced;
        }
    }

    public static unsafe class Scanf
    {
        public static int Scan<TSource>(ref TSource source, byte* format, ref OSv.Libc.Abi.VaList args)
            where TSource : struct, IScanSource
        {
            int assigned = 0;
            for (byte* p = format; *p != 0; p++)
            {
                if (*p != (byte)'%' || p[1] != (byte)'d')
                    continue;
                p++;
                int c = source.Read();
                while (c == ' ' || c == '\n' || c == '\t')
                    c = source.Read();
                if (c < 0)
                    return assigned == 0 ? -1 : assigned;
                bool negative = c == '-';
                if (negative)
                    c = source.Read();
                if (c < '0' || c > '9')
                {
                    source.Unread(c);
                    return assigned;
                }
                int value = 0;
                while (c >= '0' && c <= '9')
                {
                    value = value * 10 + (c - '0');
                    c = source.Read();
                }
                source.Unread(c);
                *(int*)args.NextInteger() = negative ? -value : value;
                assigned++;
            }
            return assigned;
        }
    }
}
