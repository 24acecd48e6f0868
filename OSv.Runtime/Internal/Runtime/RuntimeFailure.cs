// Fatal runtime conditions. Each formats a message without allocating (the heap may be the thing
// that failed) and hands it to the kernel's panic entry.
using System;

namespace Internal.Runtime
{
    public static unsafe class RuntimeFailure
    {
        private const int MessageBytesMax = 256;

        public static void OutOfMemory(nuint requestedBytes)
        {
            byte* message = stackalloc byte[MessageBytesMax];
            int length = 0;
            Append(message, ref length, "out of memory: the heap cannot supply ");
            AppendDecimal(message, ref length, requestedBytes);
            Append(message, ref length, " bytes (");
            AppendDecimal(message, ref length, Heap.AllocatedBytes);
            Append(message, ref length, " allocated, ");
            AppendDecimal(message, ref length, Heap.FreeBytes);
            Append(message, ref length, " free)");
            Panic(message, length);
        }

        public static void FailFast(string reason)
        {
            byte* message = stackalloc byte[MessageBytesMax];
            int length = 0;
            Append(message, ref length, reason);
            Panic(message, length);
        }

        // The reason with a number inside it, e.g. a limit that was exceeded.
        public static void FailFast(string before, nuint value, string after)
        {
            byte* message = stackalloc byte[MessageBytesMax];
            int length = 0;
            Append(message, ref length, before);
            AppendDecimal(message, ref length, value);
            Append(message, ref length, after);
            Panic(message, length);
        }

        public static void Panic(byte* message, int length)
        {
            if (KernelServices.Panic != null)
                KernelServices.Panic(message, length);
            // No kernel yet: nothing can print. Stop here rather than run on corrupt state.
            while (true)
                Halt();
        }

        [System.Runtime.RuntimeImport("osv_runtime_halt")]
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall)]
        private static extern void Halt();

        // ASCII only: messages here are the runtime's own.
        internal static void Append(byte* buffer, ref int length, string text)
        {
            for (int i = 0; i < text.Length && length < MessageBytesMax; i++)
                buffer[length++] = (byte)text[i];
        }

        internal static void AppendDecimal(byte* buffer, ref int length, nuint value)
        {
            byte* digits = stackalloc byte[20];
            int count = 0;
            do
            {
                digits[count++] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value != 0);
            while (count > 0 && length < MessageBytesMax)
                buffer[length++] = digits[--count];
        }

        internal static void AppendHex(byte* buffer, ref int length, ulong value)
        {
            for (int shift = 60; shift >= 0 && length < MessageBytesMax; shift -= 4)
            {
                int nibble = (int)((value >> shift) & 0xF);
                buffer[length++] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            }
        }
    }
}
