// The Markdown table on stdout: one row per measurement, with the exact command line first so a
// figure can be reproduced.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace OSv.Benchmarks.Tcp
{
    internal static class Report
    {
        public static void Print(string commandLine, string targetDescription, IReadOnlyList<Row> rows)
        {
            Console.WriteLine("Command: `" + commandLine + "`");
            Console.WriteLine();
            Console.WriteLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC against {targetDescription}, load average {LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine("| test | path | bytes | transactions | seconds | rate | detail |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---|");
            foreach (Row row in rows)
                Console.WriteLine(Line(row));
        }

        private static string Line(Row row)
        {
            string rate = !row.Succeeded || row.Seconds <= 0 ? ""
                : row.Transactions > 0 ? string.Create(CultureInfo.InvariantCulture, $"{row.Transactions / row.Seconds:F0} trans/s")
                : string.Create(CultureInfo.InvariantCulture, $"{row.Bytes / row.Seconds / 1e6:F1} MB/s ({row.Bytes * 8 / row.Seconds / 1e9:F3} Gbit/s)");
            string detail = row.Succeeded ? row.Detail : "FAILED: " + row.Error;
            return string.Create(CultureInfo.InvariantCulture,
                $"| {row.Test} | {row.Path} | {row.Bytes} | {row.Transactions} | {row.Seconds:F3} | {rate} | {detail} |");
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
