// The pre-scan of a positional printf format: which class (integer, double, long double) each
// argument position has, so FormatArguments can fetch them in order before any is used.
namespace OSv.Libc.Format
{
    public static unsafe partial class Printf
    {
        private const int TooManyPositions = -2;

        /// <summary>Returns 0 when no directive names a position, else the highest position used;
        /// ConversionSpecParser.Malformed or TooManyPositions on error.</summary>
        private static int CollectPositions(byte* format, ArgumentClass* classes)
        {
            if (!UsesPositions(format))
                return 0;
            for (int i = 0; i < FormatArguments.PositionsMax; i++)
                classes[i] = ArgumentClass.Unused;
            int highest = 0;
            int nextPosition = 1;
            for (byte* p = format; *p != 0; p++)
            {
                if (*p != '%')
                    continue;
                int consumed = ConversionSpecParser.Parse(p + 1, out ConversionSpec spec);
                if (consumed < 0)
                    return ConversionSpecParser.Malformed;
                p += consumed;
                AssignPositions(ref spec, ref nextPosition);
                if (spec.WidthFromArgument && !Record(classes, spec.WidthPosition, ArgumentClass.Integer, ref highest))
                    return TooManyPositions;
                if (spec.PrecisionFromArgument && !Record(classes, spec.PrecisionPosition, ArgumentClass.Integer, ref highest))
                    return TooManyPositions;
                ArgumentClass valueClass = ClassOf(ref spec);
                if (valueClass != ArgumentClass.Unused && !Record(classes, spec.ArgumentPosition, valueClass, ref highest))
                    return TooManyPositions;
            }
            return highest;
        }

        private static bool UsesPositions(byte* format)
        {
            for (byte* p = format; *p != 0; p++)
            {
                if (*p != '%')
                    continue;
                int consumed = ConversionSpecParser.Parse(p + 1, out ConversionSpec spec);
                if (consumed < 0)
                    return false;
                if (spec.ArgumentPosition != 0 || spec.WidthPosition != 0 || spec.PrecisionPosition != 0)
                    return true;
                p += consumed;
            }
            return false;
        }

        // Directives without n$ (or *without m$) in a positional format take the next position.
        private static void AssignPositions(ref ConversionSpec spec, ref int nextPosition)
        {
            if (spec.WidthFromArgument && spec.WidthPosition == 0)
                spec.WidthPosition = nextPosition++;
            if (spec.PrecisionFromArgument && spec.PrecisionPosition == 0)
                spec.PrecisionPosition = nextPosition++;
            if (spec.ArgumentPosition == 0 && ClassOf(ref spec) != ArgumentClass.Unused)
                spec.ArgumentPosition = nextPosition++;
        }

        private static bool Record(ArgumentClass* classes, int position, ArgumentClass kind, ref int highest)
        {
            if (position < 1 || position > FormatArguments.PositionsMax)
                return false;
            classes[position - 1] = kind;
            if (position > highest)
                highest = position;
            return true;
        }

        private static ArgumentClass ClassOf(ref ConversionSpec spec)
        {
            switch (spec.Conversion)
            {
                case (byte)'d': case (byte)'i': case (byte)'o': case (byte)'u': case (byte)'x':
                case (byte)'X': case (byte)'c': case (byte)'C': case (byte)'s': case (byte)'S':
                case (byte)'p': case (byte)'n':
                    return ArgumentClass.Integer;
                case (byte)'e': case (byte)'E': case (byte)'f': case (byte)'F':
                case (byte)'g': case (byte)'G': case (byte)'a': case (byte)'A':
                    return spec.Length == LengthModifier.LongDouble ? ArgumentClass.LongDouble : ArgumentClass.Double;
                default:
                    return ArgumentClass.Unused;
            }
        }
    }
}
