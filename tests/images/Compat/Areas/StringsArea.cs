// String methods: Split, Join, Replace, IndexOf, Trim, PadLeft, Substring, case conversion,
// comparison, string.Create and interpolation, plus UTF-8/UTF-16 conversions. Ordinal and
// invariant operations only (an image has no ICU).
using System;
using System.Globalization;
using System.Text;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class StringsArea
    {
        public static CompatArea Create() => new CompatArea("strings", RunByDefault: true, new[]
        {
            new CompatBody("split-join", SplitJoin),
            new CompatBody("search", Search),
            new CompatBody("replace-trim-pad", ReplaceTrimPad),
            new CompatBody("substring-and-case", SubstringAndCase),
            new CompatBody("compare-and-equality", CompareAndEquality),
            new CompatBody("create-and-interpolation", CreateAndInterpolation),
            new CompatBody("encodings", Encodings),
            new CompatBody("string-errors", StringErrors),
        });

        private static void SplitJoin(Transcript t)
        {
            var csv = "a,b,,c, d ,";
            t.Line("split", Quote(csv.Split(',')));
            t.Line("split remove empty", Quote(csv.Split(',', StringSplitOptions.RemoveEmptyEntries)));
            t.Line("split trim and remove", Quote(csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            t.Line("split count", Quote(csv.Split(',', 3)));
            t.Line("split strings", Quote("one--two->three".Split(new[] { "--", "->" }, StringSplitOptions.None)));
            t.Line("split chars", Quote("a b\tc".Split(new[] { ' ', '\t' })));
            t.Line("split whitespace default", Quote(" x  y ".Split()));
            t.Line("join", string.Join("|", new[] { "x", "", "z" }));
            t.Line("join objects", string.Join(", ", 1, 2.5, "s", null, 'c'));
            t.Line("join char", string.Join('-', new[] { 1, 2, 3 }));
            t.Line("concat", string.Concat("a", "b", "c", "d", "e"));
            t.Line("concat enumerable", string.Concat(new[] { 1, 2, 3 }));
        }

        private static string Quote(string[] parts) => "[" + string.Join("][", parts) + "] (" + parts.Length.ToString(CultureInfo.InvariantCulture) + ")";

        private static void Search(Transcript t)
        {
            var text = "the quick brown fox jumps over the lazy dog";
            t.Line("IndexOf char", text.IndexOf('q'));
            t.Line("IndexOf string", text.IndexOf("the", 1, StringComparison.Ordinal));
            t.Line("LastIndexOf", text.LastIndexOf('o'));
            t.Line("IndexOfAny", text.IndexOfAny(new[] { 'z', 'x' }));
            t.Line("IndexOf ignore case", text.IndexOf("QUICK", StringComparison.OrdinalIgnoreCase));
            t.Line("IndexOf missing", text.IndexOf("cat", StringComparison.Ordinal));
            t.Line("IndexOf empty", text.IndexOf("", StringComparison.Ordinal));
            t.Line("Contains", text.Contains("fox", StringComparison.Ordinal));
            t.Line("StartsWith EndsWith", text.StartsWith("the ", StringComparison.Ordinal) + " " + text.EndsWith("dog", StringComparison.Ordinal));
            var longText = new string('a', 1000) + "b";
            t.Line("IndexOf vectorised", longText.IndexOf('b'));
            t.Line("span IndexOf sequence", longText.AsSpan().IndexOf("ab".AsSpan()));
            t.Line("count of o", text.AsSpan().Count('o'));
        }

        private static void ReplaceTrimPad(Transcript t)
        {
            t.Line("Replace string", "aaa-bbb-aaa".Replace("aaa", "c"));
            t.Line("Replace char", "a.b.c".Replace('.', '/'));
            t.Line("Replace ignore case", "Hello HELLO hello".Replace("hello", "x", StringComparison.OrdinalIgnoreCase));
            t.Line("Remove", "0123456789".Remove(3, 4));
            t.Line("Insert", "abc".Insert(1, "XYZ"));
            t.Line("Trim", "[" + "  \t padded \n ".Trim() + "]");
            t.Line("TrimStart chars", "xxyhixy".TrimStart('x', 'y'));
            t.Line("TrimEnd", "[" + "end   ".TrimEnd() + "]");
            t.Line("PadLeft", "[" + "42".PadLeft(6) + "]" + "42".PadLeft(6, '0'));
            t.Line("PadRight", "[" + "42".PadRight(5, '.') + "]");
            t.Line("PadLeft shorter", "abcdef".PadLeft(3));
        }

        private static void SubstringAndCase(Transcript t)
        {
            var text = "Hello, World";
            t.Line("Substring", text.Substring(7));
            t.Line("Substring length", text.Substring(2, 3));
            t.Line("range", text[^5..]);
            t.Line("ToUpperInvariant", text.ToUpperInvariant());
            t.Line("ToLowerInvariant", text.ToLowerInvariant());
            t.Line("non-ASCII upper", "stra\u00DFe \u00E9t\u00E9 \u03B1\u03B2\u03B3".ToUpperInvariant());
            t.Line("char upper", char.ToUpperInvariant('\u00FF') == '\u0178');
            t.Line("reverse", new string(Reverse("stressed")));
            t.Line("char categories", char.IsLetter('\u00E9') + " " + char.IsDigit('7') + " " + char.IsWhiteSpace('\u00A0') + " " + char.IsUpper('A'));
        }

        private static char[] Reverse(string text)
        {
            var characters = text.ToCharArray();
            Array.Reverse(characters);
            return characters;
        }

        private static void CompareAndEquality(Transcript t)
        {
            t.Line("ordinal compare", Math.Sign(string.CompareOrdinal("apple", "Apple")));
            t.Line("ordinal ignore case", string.Compare("apple", "APPLE", StringComparison.OrdinalIgnoreCase));
            t.Line("invariant compare", Math.Sign(string.Compare("a", "b", StringComparison.InvariantCulture)));
            t.Line("Equals", "abc".Equals("ABC", StringComparison.OrdinalIgnoreCase));
            t.Line("==", "ab" + Id("c") == "abc");
            t.Line("interned literal", ReferenceEquals("literal", Id("literal")));
            t.Line("built is not literal", ReferenceEquals("literal", "lit" + Id("eral")));
            t.Line("string.IsNullOrWhiteSpace", string.IsNullOrWhiteSpace(" \t") + " " + string.IsNullOrEmpty(null));
            t.Line("same hash within process", "abc".GetHashCode() == ("a" + Id("bc")).GetHashCode());
            t.Line("CompareTo", Math.Sign("b".CompareTo("a")));
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static string Id(string text) => text;

        private static void CreateAndInterpolation(Transcript t)
        {
            var created = string.Create(10, 'a', (span, first) =>
            {
                for (var i = 0; i < span.Length; i++)
                    span[i] = (char)(first + i);
            });
            t.Line("string.Create", created);
            var name = "world";
            var number = 7;
            t.Line("interpolation", $"hello {name}, {number} x {number} = {number * number}, {{braces}}");
            t.Line("interpolation alignment", $"[{name,8}][{name,-8}][{number:000}]");
            t.Line("raw literal", """{"json": true}""");
            t.Line("verbatim", @"C:\path\file");
            t.Line("new string", new string('-', 5) + new string(new[] { 'o', 'k' }));
            t.Line("ToCharArray length", "héllo".ToCharArray().Length);
            t.Line("string from span", new string("abcdef".AsSpan(1, 3)));
        }

        private static void Encodings(Transcript t)
        {
            var text = "h\u00E9llo \u20AC \U0001F600";
            var utf8 = Encoding.UTF8.GetBytes(text);
            t.Line("utf8 bytes", Convert.ToHexString(utf8));
            t.Line("utf8 round-trip", Encoding.UTF8.GetString(utf8) == text);
            t.Line("utf16 length", text.Length);
            t.Line("utf8 count", Encoding.UTF8.GetByteCount(text));
            t.Line("ascii lossy", Encoding.ASCII.GetString(Encoding.ASCII.GetBytes(text)));
            t.Line("invalid utf8 replaced", Encoding.UTF8.GetString(new byte[] { 0x61, 0xFF, 0x62 }) == "a\uFFFDb");
            t.Line("latin1", Convert.ToHexString(Encoding.Latin1.GetBytes("\u00E9A")));
            t.Line("rune count", CountRunes(text));
            t.Line("surrogate pair", char.IsSurrogatePair(text[8], text[9]));
        }

        private static int CountRunes(string text)
        {
            var count = 0;
            foreach (var _ in text.EnumerateRunes())
                count++;
            return count;
        }

        private static void StringErrors(Transcript t)
        {
            t.Line("Substring out of range", CollectionsArea.CaughtName(() => "abc".Substring(4)));
            t.Line("indexer out of range", CollectionsArea.CaughtName(() => _ = "abc"[3]));
            t.Line("null argument", CollectionsArea.CaughtName(() => "abc".Replace(null!, "x")));
            t.Line("empty old value", CollectionsArea.CaughtName(() => "abc".Replace("", "x")));
            t.Line("Format error", CollectionsArea.CaughtName(() => string.Format(CultureInfo.InvariantCulture, "{1}", 0)));
        }
    }
}
