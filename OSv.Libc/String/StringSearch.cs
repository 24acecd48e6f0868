// Searching C strings for substrings and byte sets, and splitting them into tokens (C11 7.24.5,
// POSIX strtok_r, BSD strsep, GNU strcasestr).
//
// Byte sets (strspn, strcspn, strpbrk, strtok) are a 256-bit map on the stack, built in one pass
// over the set: O(n + m) instead of the naive O(n * m).
//
// Substring search finds each candidate start with the word-wise strchr and compares from there:
// O(n * m) in the worst case (glibc uses the Two-Way algorithm for long needles; the answers are
// the same, only adversarial inputs are slower). Case-insensitive search folds ASCII only (the
// C locale).
namespace OSv.Libc.String
{
    public static unsafe class StringSearch
    {
        private const int SetWords = 256 / 64;

        /// <summary>strstr.</summary>
        public static byte* Find(byte* haystack, byte* needle)
        {
            byte first = needle[0];
            if (first == 0)
                return haystack;
            byte* cursor = haystack;
            while (true)
            {
                cursor = CStrings.IndexOf(cursor, first);
                if (cursor == null)
                    return null;
                if (StartsWith(cursor + 1, needle + 1))
                    return cursor;
                cursor++;
            }
        }

        /// <summary>strcasestr (C locale).</summary>
        public static byte* FindIgnoringCase(byte* haystack, byte* needle)
        {
            if (needle[0] == 0)
                return haystack;
            int first = CStrings.ToLower(needle[0]);
            for (byte* cursor = haystack; *cursor != 0; cursor++)
            {
                if (CStrings.ToLower(*cursor) == first && StartsWithIgnoringCase(cursor + 1, needle + 1))
                    return cursor;
            }
            return null;
        }

        /// <summary>strspn: length of the prefix made of bytes in <paramref name="accept"/>.</summary>
        public static nuint SpanOf(byte* text, byte* accept)
        {
            ulong* set = stackalloc ulong[SetWords];
            BuildSet(set, accept, includeTerminator: false);
            nuint length = 0;
            while (Contains(set, text[length]))
                length++;
            return length;
        }

        /// <summary>strcspn: length of the prefix made of bytes not in <paramref name="reject"/>.</summary>
        public static nuint SpanNotOf(byte* text, byte* reject)
        {
            ulong* set = stackalloc ulong[SetWords];
            BuildSet(set, reject, includeTerminator: true);
            nuint length = 0;
            while (!Contains(set, text[length]))
                length++;
            return length;
        }

        /// <summary>strpbrk: the first byte in <paramref name="accept"/>, or null.</summary>
        public static byte* FindAny(byte* text, byte* accept)
        {
            byte* found = text + SpanNotOf(text, accept);
            return *found != 0 ? found : null;
        }

        /// <summary>strtok_r: the next token delimited by bytes of <paramref name="delimiters"/>;
        /// <paramref name="text"/> null continues from <paramref name="save"/>. Null when no
        /// token is left (and for a null save, where glibc would crash).</summary>
        public static byte* NextToken(byte* text, byte* delimiters, byte** save)
        {
            if (text == null)
            {
                if (save == null || *save == null)
                    return null;
                text = *save;
            }
            text += SpanOf(text, delimiters);
            if (*text == 0)
            {
                *save = text;
                return null;
            }
            byte* end = text + SpanNotOf(text, delimiters);
            if (*end == 0)
            {
                *save = end;
                return text;
            }
            *end = 0;
            *save = end + 1;
            return text;
        }

        /// <summary>strsep: the field at *<paramref name="cursor"/> up to the first delimiter,
        /// which is overwritten with a NUL; *cursor moves past it, or becomes null at the end.</summary>
        public static byte* NextField(byte** cursor, byte* delimiters)
        {
            if (cursor == null)
                return null;
            byte* begin = *cursor;
            if (begin == null)
                return null;
            byte* end = begin + SpanNotOf(begin, delimiters);
            if (*end != 0)
            {
                *end = 0;
                *cursor = end + 1;
            }
            else
            {
                *cursor = null;
            }
            return begin;
        }

        private static bool StartsWith(byte* text, byte* prefix)
        {
            for (nuint i = 0; prefix[i] != 0; i++)
            {
                if (text[i] != prefix[i])
                    return false;
            }
            return true;
        }

        private static bool StartsWithIgnoringCase(byte* text, byte* prefix)
        {
            for (nuint i = 0; prefix[i] != 0; i++)
            {
                if (CStrings.ToLower(text[i]) != CStrings.ToLower(prefix[i]))
                    return false;
            }
            return true;
        }

        private static void BuildSet(ulong* set, byte* members, bool includeTerminator)
        {
            for (int i = 0; i < SetWords; i++)
                set[i] = 0;
            for (byte* member = members; *member != 0; member++)
                set[*member >> 6] |= 1UL << (*member & 63);
            if (includeTerminator)
                set[0] |= 1;
        }

        private static bool Contains(ulong* set, byte value) => (set[value >> 6] & (1UL << (value & 63))) != 0;
    }
}
