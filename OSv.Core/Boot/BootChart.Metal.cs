// The boot chart (OSv's --bootchart): the time of each boot milestone, printed before Main when
// the kernel options hold "--bootchart", so that a slow boot says where its time went.
//   bootchart:    21.917 ms (+ 21.917)  entry
//   bootchart:    22.043 ms (+  0.126)  console
// Each milestone is the end of the step it names. Marking is always on: a mark is one rdtsc and
// two stores into a fixed table (no allocation, no statics with class constructors), so the
// entry and the runtime's first steps can be marked before the heap, the statics or the kernel
// options exist; whether to print is decided only at the end. The TSC is converted with the
// kernel clock's rate (Time/Clock), which the chart calibrates if nothing has yet; times count
// from TSC zero, which QEMU sets when the machine starts, so "entry" shows the loader's share.
// Caller rule: mark only on the boot CPU while boot is single-threaded (entry to Main); names
// are u8 literals (static data that outlives the chart). Marks past MilestonesMax are dropped.
using System;
using OSv.Core.Arch.X64;
using OSv.Core.Console;

namespace OSv.Core.Boot
{
    internal static unsafe class BootChart
    {
        public const string Option = "--bootchart";

        private const int MilestonesMax = 48;
        private const long NanosecondsPerMicrosecond = 1_000;

        private struct MilestoneTable
        {
            public fixed ulong Tsc[MilestonesMax];
            public fixed long NameAddress[MilestonesMax];
            public fixed int NameLength[MilestonesMax];
        }

        private static MilestoneTable s_table;
        private static int s_count;

        public static void Mark(ReadOnlySpan<byte> name)
        {
            ulong tsc = Cpu.ReadTsc();
            if (s_count >= MilestonesMax)
                return;
            fixed (byte* bytes = name)
                s_table.NameAddress[s_count] = (long)bytes;
            s_table.NameLength[s_count] = name.Length;
            s_table.Tsc[s_count] = tsc;
            s_count++;
        }

        public static bool IsRequested(string[] kernelOptions)
        {
            for (int i = 0; i < kernelOptions.Length; i++)
            {
                if (kernelOptions[i] == Option)
                    return true;
            }
            return false;
        }

        // One line per milestone, in marking order; called once, right before Main.
        public static void Print()
        {
            long previousNanoseconds = 0;
            byte* line = stackalloc byte[LineBytesMax];
            PrintClock(line);
            for (int i = 0; i < s_count; i++)
            {
                long nanoseconds = Time.Clock.TscTicksToNanoseconds(s_table.Tsc[i]);
                int length = FormatLine(line, nanoseconds, nanoseconds - previousNanoseconds,
                    new ReadOnlySpan<byte>((byte*)s_table.NameAddress[i], s_table.NameLength[i]));
                Serial16550.Write(line, length);
                previousNanoseconds = nanoseconds;
            }
        }

        // Which rate the times come from: "bootchart: TSC 2445 MHz, calibrated over 4123 us".
        private static void PrintClock(byte* line)
        {
            var output = new Span<byte>(line, LineBytesMax);
            int used = Append(output, 0, "bootchart: TSC "u8);
            used = AppendNumber(output, used, (long)Time.Clock.TscTicksPerMicrosecond);
            used = Append(output, used, " MHz, calibrated over "u8);
            used = AppendNumber(output, used, (long)Time.Clock.CalibrationMicroseconds);
            used = Append(output, used, " us\n"u8);
            Serial16550.Write(line, used);
        }

        private static int AppendNumber(Span<byte> output, int used, long value)
        {
            value.TryFormat(output.Slice(used), out int written);
            return used + written;
        }

        private const int LineBytesMax = 160;
        private const int NameBytesMax = 96;

        private static int FormatLine(byte* line, long nanoseconds, long deltaNanoseconds, ReadOnlySpan<byte> name)
        {
            var output = new Span<byte>(line, LineBytesMax);
            int used = Append(output, 0, "bootchart: "u8);
            used = AppendMilliseconds(output, used, nanoseconds, 9);
            used = Append(output, used, " ms (+"u8);
            used = AppendMilliseconds(output, used, deltaNanoseconds, 8);
            used = Append(output, used, ")  "u8);
            used = Append(output, used, name.Length > NameBytesMax ? name.Slice(0, NameBytesMax) : name);
            output[used++] = (byte)'\n';
            return used;
        }

        private static int Append(Span<byte> output, int used, ReadOnlySpan<byte> text)
        {
            text.CopyTo(output.Slice(used));
            return used + text.Length;
        }

        // Milliseconds with three decimals, right-aligned in `width` characters.
        private static int AppendMilliseconds(Span<byte> output, int used, long nanoseconds, int width)
        {
            long microseconds = nanoseconds < 0 ? 0 : nanoseconds / NanosecondsPerMicrosecond;
            Span<byte> digits = stackalloc byte[24];
            int count = 0;
            do
            {
                digits[count++] = (byte)('0' + microseconds % 10);
                microseconds /= 10;
                if (count == 3)
                    digits[count++] = (byte)'.';
            }
            while (microseconds != 0 || count < 5);
            for (int pad = count; pad < width; pad++)
                output[used++] = (byte)' ';
            while (count > 0)
                output[used++] = digits[--count];
            return used;
        }
    }
}
