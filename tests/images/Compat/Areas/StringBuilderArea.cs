// StringBuilder: appends of every kind past several chunk boundaries, insert/remove/replace in the
// middle of a chunked builder, AppendFormat and interpolated appends, and the capacity rules.
using System;
using System.Globalization;
using System.Text;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class StringBuilderArea
    {
        public static CompatArea Create() => new CompatArea("stringbuilder", RunByDefault: true, new[]
        {
            new CompatBody("appends", Appends),
            new CompatBody("many-chunks", ManyChunks),
            new CompatBody("edits", Edits),
            new CompatBody("formatted-appends", FormattedAppends),
            new CompatBody("capacity-and-errors", CapacityAndErrors),
        });

        private static void Appends(Transcript t)
        {
            var builder = new StringBuilder();
            builder.Append("text").Append(' ').Append(42).Append(' ').Append(-7L).Append(' ')
                   .Append(true).Append(' ').Append(2.5).Append(' ').Append('x', 3).Append(' ')
                   .Append(new[] { 'a', 'b' }).Append(' ').Append("abcdef", 2, 3).Append(' ')
                   .Append((object?)null).Append(1.5m).AppendLine().Append("end");
            t.Line("text", builder.ToString().Replace("\n", "\\n").Replace("\r", "\\r"));
            t.Line("length", builder.Length);
            t.Line("char at 5", builder[5]);
            t.Line("substring", builder.ToString(5, 2));
        }

        private static void ManyChunks(Transcript t)
        {
            var builder = new StringBuilder(16);
            for (var i = 0; i < 5000; i++)
                builder.Append(i % 10);
            t.Line("length", builder.Length);
            var text = builder.ToString();
            var digitsRight = true;
            for (var i = 0; i < text.Length; i++)
                digitsRight &= text[i] == (char)('0' + i % 10);
            t.Line("content right", digitsRight);
            t.Line("indexer deep", builder[4321]);
            var chunkTotal = 0;
            foreach (var chunk in builder.GetChunks())
                chunkTotal += chunk.Length;
            t.Line("chunks cover everything", chunkTotal == builder.Length);
            builder.Length = 12;
            t.Line("truncated", builder.ToString());
            builder.Length = 14;
            t.Line("extended with NULs", builder.ToString().Replace("\0", "0"));
        }

        private static void Edits(Transcript t)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < 100; i++)
                builder.Append("ab");
            builder.Insert(3, "XYZ").Insert(0, 123).Remove(10, 150);
            t.Line("after insert and remove", builder.ToString());
            builder.Replace("ab", "_").Replace('X', 'x');
            t.Line("after replace", builder.ToString());
            builder.Clear().Append("hello world hello");
            builder.Replace("hello", "bye", 6, 11);
            t.Line("ranged replace", builder.ToString());
            t.Line("equals", builder.Equals("hello world bye".AsSpan()));
            var copied = new char[5];
            builder.CopyTo(6, copied, 5);
            t.Line("copy to", new string(copied));
        }

        private static void FormattedAppends(Transcript t)
        {
            var builder = new StringBuilder();
            builder.AppendFormat(CultureInfo.InvariantCulture, "{0:D3}-{1:F2}-{2}", 7, 3.14159, "s");
            builder.Append(CultureInfo.InvariantCulture, $" [{12.5:E2}|{255:X4}]");
            builder.AppendJoin(',', 1, 2, 3);
            builder.AppendJoin("; ", new[] { "x", "y" });
            t.Line("formatted", builder.ToString());
        }

        private static void CapacityAndErrors(Transcript t)
        {
            var bounded = new StringBuilder(4, 8);
            bounded.Append("12345678");
            t.Line("at max capacity", bounded.ToString());
            t.Line("over max capacity", CollectionsArea.CaughtName(() => bounded.Append('9')));
            t.Line("remove out of range", CollectionsArea.CaughtName(() => new StringBuilder("abc").Remove(2, 5)));
            t.Line("negative capacity", CollectionsArea.CaughtName(() => _ = new StringBuilder(-1)));
            t.Line("ensure capacity at least", new StringBuilder().EnsureCapacity(100) >= 100);
        }
    }
}
