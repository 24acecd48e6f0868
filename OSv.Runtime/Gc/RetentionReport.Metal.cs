// Prints the collector's retention watch (RetentionWatch) on the kernel console after each
// collection that recorded something: one line per watched object, saying what marked it first.
// Enabled before Main by the variable OSV_GC_WHY_ALIVE_BYTES (decimal; `osv run --env
// OSV_GC_WHY_ALIVE_BYTES=1048576 ...` watches objects of 1 MiB and more). Runs with the world
// stopped, so it allocates nothing: lines are formatted into a stack buffer. Addresses are raw;
// resolve an image address with `nm <App>.debug.elf`, a stack range with the thread's bounds.
using System;
using OSv.Core.Platform;

namespace OSv.Runtime.Gc
{
    internal static unsafe class RetentionReport
    {
        private const int LineBytesMax = 256;

        public static void EnableFromEnvironment()
        {
            nint value;
            fixed (byte* name = "OSV_GC_WHY_ALIVE_BYTES\0"u8)
                value = Pal.Environment.GetEnv(name);
            if (value == 0)
                return;
            long bytes = 0;
            for (byte* digit = (byte*)value; *digit >= (byte)'0' && *digit <= (byte)'9' && bytes < (1L << 40); digit++)
                bytes = bytes * 10 + (*digit - '0');
            GcRuntime.Heap->WatchRetention(bytes);
        }

        public static void Print(RetentionWatch* watch)
        {
            if (!watch->Enabled)
                return;
            for (int index = 0; index < watch->Count; index++)
                PrintRecord(watch->RecordAt(index));
            if (watch->Dropped > 0)
            {
                Span<byte> line = stackalloc byte[LineBytesMax];
                int length = Append(line, 0, "gc-why-alive: more not recorded: "u8);
                length = AppendHex(line, length, (ulong)watch->Dropped);
                line[length++] = (byte)'\n';
                KernelConsole.Write(line.Slice(0, length));
            }
        }

        private static void PrintRecord(RetentionRecord* record)
        {
            Span<byte> line = stackalloc byte[LineBytesMax];
            int length = Append(line, 0, "gc-why-alive: object "u8);
            length = AppendHex(line, length, record->Object);
            length = Append(line, length, " cell "u8);
            length = AppendHex(line, length, record->CellBytes);
            length = Append(line, length, CauseName(record->Cause));
            length = Append(line, length, " slot "u8);
            length = AppendHex(line, length, record->Slot);
            if (record->Cause == RetentionCause.ConservativeWord)
            {
                length = Append(line, length, " range "u8);
                length = AppendHex(line, length, record->RangeStart);
                line[length++] = (byte)'-';
                length = AppendHex(line, length, record->RangeEnd);
            }
            if (record->Cause == RetentionCause.Field)
            {
                length = Append(line, length, " parent "u8);
                length = AppendHex(line, length, record->Parent);
                length = Append(line, length, " parent-type "u8);
                length = AppendHex(line, length, *(ulong*)record->Parent);
            }
            line[length++] = (byte)'\n';
            KernelConsole.Write(line.Slice(0, length));
        }

        private static ReadOnlySpan<byte> CauseName(RetentionCause cause) => cause switch
        {
            RetentionCause.ConservativeWord => " by conservative word"u8,
            RetentionCause.PreciseRoot => " by precise root"u8,
            RetentionCause.Field => " by field"u8,
            RetentionCause.Handle => " by handle"u8,
            RetentionCause.FinalizationQueue => " by finalization queue"u8,
            _ => " by unknown"u8,
        };

        private static int Append(Span<byte> line, int length, ReadOnlySpan<byte> text)
        {
            text.CopyTo(line.Slice(length));
            return length + text.Length;
        }

        private static int AppendHex(Span<byte> line, int length, ulong value)
        {
            line[length++] = (byte)'0';
            line[length++] = (byte)'x';
            for (int shift = 60; shift >= 0; shift -= 4)
                line[length++] = "0123456789abcdef"u8[(int)((value >> shift) & 0xF)];
            return length;
        }
    }
}
