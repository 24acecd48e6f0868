// Parsing numbers in the invariant culture: int/long/double Parse and TryParse on valid text, on
// every kind of malformed text (which must fail the same way: FormatException or
// OverflowException from Parse, false from TryParse), and with NumberStyles options.
using System;
using System.Globalization;
using Compat.Suite;

namespace Compat.Areas
{
    internal static class ParsingArea
    {
        public static CompatArea Create() => new CompatArea("parsing", RunByDefault: true, new[]
        {
            new CompatBody("int-parse", IntParse),
            new CompatBody("int-parse-failures", IntParseFailures),
            new CompatBody("int-try-parse", IntTryParse),
            new CompatBody("number-styles", NumberStylesOptions),
            new CompatBody("double-parse", DoubleParse),
            new CompatBody("double-parse-failures", DoubleParseFailures),
            new CompatBody("other-types", OtherTypes),
        });

        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        private static void IntParse(Transcript t)
        {
            string[] texts = { "0", "42", "-17", "+5", "  12  ", "2147483647", "-2147483648", "007" };
            foreach (var text in texts)
                t.Line("[" + text + "]", int.Parse(text, Invariant));
            t.Line("long min", long.Parse("-9223372036854775808", Invariant));
            t.Line("ulong max", ulong.Parse("18446744073709551615", Invariant));
            t.Line("byte", byte.Parse("255", Invariant));
            t.Line("span", int.Parse("x123y".AsSpan(1, 3), provider: Invariant));
        }

        private static void IntParseFailures(Transcript t)
        {
            string?[] texts = { "", " ", "abc", "12a", "1.5", "2147483648", "-2147483649", "1 2", "--1", "0x10", "1e3", null };
            foreach (var text in texts)
                t.Line("[" + (text ?? "null") + "]", ParseOutcome(text));
            t.Line("byte 256", CollectionsArea.CaughtName(() => byte.Parse("256", Invariant)));
            t.Line("uint -1", CollectionsArea.CaughtName(() => uint.Parse("-1", Invariant)));
        }

        private static string ParseOutcome(string? text)
        {
            try
            {
                return "parsed " + int.Parse(text!, Invariant).ToString(Invariant);
            }
            catch (Exception exception)
            {
                return ExceptionNames.Of(exception);
            }
        }

        private static void IntTryParse(Transcript t)
        {
            string?[] texts = { "99", "-0", "abc", "", null, "99999999999", " 7 ", "7\0" };
            foreach (var text in texts)
            {
                var ok = int.TryParse(text, NumberStyles.Integer, Invariant, out var value);
                t.Line("[" + (text ?? "null").Replace("\0", "\\0") + "]", ok + " " + value.ToString(Invariant));
            }
        }

        private static void NumberStylesOptions(Transcript t)
        {
            t.Line("hex", int.Parse("7fffffff", NumberStyles.HexNumber, Invariant));
            t.Line("hex negative", int.Parse("FFFFFFFF", NumberStyles.HexNumber, Invariant));
            t.Line("binary", int.Parse("1011", NumberStyles.BinaryNumber, Invariant));
            t.Line("thousands", int.Parse("1,234,567", NumberStyles.AllowThousands, Invariant));
            t.Line("parentheses", int.Parse("(42)", NumberStyles.AllowParentheses, Invariant));
            t.Line("trailing sign", int.Parse("42-", NumberStyles.AllowTrailingSign, Invariant));
            t.Line("currency", decimal.Parse("\u00A41,234.50", NumberStyles.Currency, Invariant));
            t.Line("no leading white", int.TryParse(" 1", NumberStyles.None, Invariant, out _));
            t.Line("exponent for int", int.Parse("12e2", NumberStyles.Float, Invariant));
        }

        private static void DoubleParse(Transcript t)
        {
            string[] texts =
            {
                "0", "-0", "3.14159", "1e10", "1E-5", "-2.5e+3", ".5", "5.", "  7.25  ", "1,234.5",
                "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400",
                "0.1000000000000000055511151231257827", "4.9406564584124654E-324", "2.2250738585072011e-308",
                "123456789012345678901234567890",
            };
            foreach (var text in texts)
            {
                var value = double.Parse(text, NumberStyles.Float | NumberStyles.AllowThousands, Invariant);
                t.Line("[" + text + "]", value.ToString("R", Invariant) + " bits " + BitConverter.DoubleToInt64Bits(value).ToString("X16", Invariant));
            }
            t.Line("float", float.Parse("3.4028236e38", Invariant).ToString(Invariant));
            t.Line("decimal", decimal.Parse("79228162514264337593543950335", Invariant).ToString(Invariant));
            t.Line("decimal rounding", decimal.Parse("0.12345678901234567890123456789", Invariant).ToString(Invariant));
        }

        private static void DoubleParseFailures(Transcript t)
        {
            string[] texts = { "", "abc", "1.2.3", "1e", "e5", "--1", "1,5", "0x1p3", "nan " };
            foreach (var text in texts)
            {
                var tried = double.TryParse(text, NumberStyles.Float, Invariant, out var value);
                var parsed = CollectionsArea.CaughtName(() => double.Parse(text, NumberStyles.Float, Invariant));
                t.Line("[" + text + "]", tried + " " + value.ToString(Invariant) + " " + parsed);
            }
            t.Line("decimal overflow", CollectionsArea.CaughtName(() => decimal.Parse("1e30", NumberStyles.Float, Invariant)));
        }

        private static void OtherTypes(Transcript t)
        {
            t.Line("bool", bool.Parse(" True ") + " " + bool.TryParse("yes", out _));
            t.Line("enum", Enum.Parse<DayOfWeek>("Friday").ToString("D"));
            t.Line("enum ignore case", Enum.TryParse<DayOfWeek>("monday", ignoreCase: true, out var day) + " " + day.ToString("D"));
            t.Line("guid", Guid.Parse("{0F8FAD5B-D9CB-469F-A165-70867728950E}").ToString());
            t.Line("timespan", TimeSpan.Parse("1.02:03:04.5", Invariant).TotalMilliseconds);
            t.Line("date", DateTime.ParseExact("2024-02-29 13:05", "yyyy-MM-dd HH:mm", Invariant).DayOfYear);
            t.Line("date failure", CollectionsArea.CaughtName(() => DateTime.ParseExact("2023-02-29", "yyyy-MM-dd", Invariant)));
            t.Line("version", Version.Parse("1.2.3.4").Build);
            t.Line("base64", Convert.FromBase64String("AQIDBAU="));
            t.Line("base64 failure", CollectionsArea.CaughtName(() => Convert.FromBase64String("A")));
            t.Line("Convert.ToInt32 base 16", Convert.ToInt32("ff", 16));
            t.Line("char", char.Parse("z"));
        }
    }
}
