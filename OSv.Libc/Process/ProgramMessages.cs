// Messages the C library prints about a program it stops (a missing function, a smashed stack):
// "<program>: <what>[<detail>]\n" on the program's standard error, through the C library's own
// file descriptor 2, so they go wherever the program's stderr goes (a test's capture, the serial
// console).
namespace OSv.Libc.Process
{
    using System;

    public static unsafe class ProgramMessages
    {
        private const int MessageBytesMax = 512;

        public static void Report(ReadOnlySpan<byte> what, ReadOnlySpan<byte> detail)
        {
            byte* message = stackalloc byte[MessageBytesMax];
            var buffer = new Span<byte>(message, MessageBytesMax);
            int length = 0;
            ProgramContext? program = ProgramContext.Current;
            if (program != null)
            {
                length = Append(buffer, length, program.Name);
                length = Append(buffer, length, ": "u8);
            }
            length = Append(buffer, length, what);
            length = Append(buffer, length, detail);
            length = Append(buffer, length, "\n"u8);
            Files.FileDescriptorTable.Write(2, message, (nuint)length);
        }

        private static int Append(Span<byte> buffer, int length, ReadOnlySpan<byte> text)
        {
            int room = buffer.Length - 1 - length;
            int count = text.Length < room ? text.Length : room;
            text.Slice(0, count).CopyTo(buffer.Slice(length));
            return length + count;
        }

        private static int Append(Span<byte> buffer, int length, string text)
        {
            for (int i = 0; i < text.Length && length < buffer.Length - 1; i++)
                buffer[length++] = text[i] < 0x80 ? (byte)text[i] : (byte)'?';
            return length;
        }
    }
}
