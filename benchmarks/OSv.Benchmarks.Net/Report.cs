// The Markdown table: one row per run, rates and per-frame costs.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace OSv.Benchmarks.Net
{
    internal static class Report
    {
        public static void Print(IReadOnlyList<RunResult> rows, int framesPerRun)
        {
            Console.WriteLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {framesPerRun} frames per run, load average {LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine("| direction | frame | event index | frames counted | frames/s | notifications/frame | interrupts/frame |");
            Console.WriteLine("|---|---:|---|---:|---:|---:|---:|");
            foreach (RunResult row in rows)
            {
                string direction = row.Direction == Direction.GuestToHost ? "guest → host" : "host → guest";
                if (!row.Succeeded)
                {
                    Console.WriteLine($"| {direction} | {row.FrameBytes} B | {(row.EventIndex ? "on" : "off")} | failed | | | |");
                    continue;
                }
                double rate = row.Seconds > 0 ? row.Frames / row.Seconds : 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {direction} | {row.FrameBytes} B | {(row.EventIndex ? "on" : "off")} | {row.Frames} | {rate:F0} | {(double)row.Notifications / row.Frames:F3} | {(double)row.Interrupts / row.Frames:F3} |"));
            }
            if (rows.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine("QEMU line (first run): `" + rows[0].QemuLine.Replace("osv: ", "", StringComparison.Ordinal) + "`");
            }
        }

        private static string LoadAverage()
        {
            try
            {
                return File.ReadAllText("/proc/loadavg").Split(' ')[0];
            }
            catch (IOException)
            {
                return "unknown";
            }
        }
    }
}
