// Immutable UTF-16 string. The layout (length, then the characters inline) is what ilc emits for
// literals as frozen objects, so literals need no startup work. New strings are allocated through
// the same array allocator, since a string is a variable-sized object with 2-byte components.
using System.Runtime.CompilerServices;
using System.Runtime;
using Internal.Runtime;

namespace System
{
    public sealed unsafe class String
    {
        private readonly int _stringLength;
        private char _firstChar;

        [Intrinsic]
        public static readonly string Empty = "";

        public int Length => _stringLength;

        [IndexerName("Chars")]
        public char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_stringLength)
                    ThrowHelper.ThrowIndexOutOfRangeException();
                return Unsafe.Add(ref _firstChar, index);
            }
        }

        public ref readonly char GetPinnableReference() => ref _firstChar;

        internal ref char GetRawStringData() => ref _firstChar;

        internal static string FastAllocateString(int length)
        {
            // Every string shares the MethodTable of the empty literal, which ilc emits frozen.
            object template = "";
            return Unsafe.As<string>(RuntimeExports.RhNewArray(template.GetMethodTable(), length));
        }

        public static string FromChar(char c)
        {
            string result = FastAllocateString(1);
            result._firstChar = c;
            return result;
        }

        public static string Create(ReadOnlySpan<char> chars) => new string(chars);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(ReadOnlySpan<char> value);
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char[] value);
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char[] value, int startIndex, int length);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char c, int count);

        // csc compiles `new string(...)` to these constructors; ilc redirects each call to the static
        // Ctor method with the same parameters, which allocates and returns the string.
        private static string Ctor(ReadOnlySpan<char> value)
        {
            if (value.Length == 0)
                return Empty;
            string result = FastAllocateString(value.Length);
            value.CopyTo(new Span<char>(ref result._firstChar, value.Length));
            return result;
        }

        private static string Ctor(char[] value) => Ctor(new ReadOnlySpan<char>(value));

        private static string Ctor(char[] value, int startIndex, int length) =>
            Ctor(new ReadOnlySpan<char>(value, startIndex, length));

        private static string Ctor(char c, int count)
        {
            if (count <= 0)
                return Empty;
            string result = FastAllocateString(count);
            new Span<char>(ref result._firstChar, count).Fill(c);
            return result;
        }

        public static implicit operator ReadOnlySpan<char>(string? value) => value.AsSpan();

        public static bool IsNullOrEmpty(string? value) => value is null || value._stringLength == 0;

        public static string Concat(string? str0, string? str1)
        {
            str0 ??= Empty;
            str1 ??= Empty;
            int length = str0.Length + str1.Length;
            if (length == 0)
                return Empty;
            string result = FastAllocateString(length);
            Span<char> destination = new Span<char>(ref result._firstChar, length);
            str0.AsSpan().CopyTo(destination);
            str1.AsSpan().CopyTo(destination.Slice(str0.Length));
            return result;
        }

        public static string Concat(string? str0, string? str1, string? str2) => Concat(Concat(str0, str1), str2);

        public static string Concat(string? str0, string? str1, string? str2, string? str3) =>
            Concat(Concat(str0, str1), Concat(str2, str3));

        public static string Concat(params string?[] values)
        {
            int length = 0;
            for (int i = 0; i < values.Length; i++)
                length += values[i]?.Length ?? 0;
            if (length == 0)
                return Empty;
            string result = FastAllocateString(length);
            Span<char> destination = new Span<char>(ref result._firstChar, length);
            for (int i = 0; i < values.Length; i++)
            {
                values[i].AsSpan().CopyTo(destination);
                destination = destination.Slice(values[i]?.Length ?? 0);
            }
            return result;
        }

        public static string Concat(object? arg0, object? arg1) => Concat(arg0?.ToString(), arg1?.ToString());

        public static string Concat(object? arg0, object? arg1, object? arg2) =>
            Concat(arg0?.ToString(), arg1?.ToString(), arg2?.ToString());

        public static bool operator ==(string? a, string? b) => Equals(a, b);

        public static bool operator !=(string? a, string? b) => !Equals(a, b);

        public static bool Equals(string? a, string? b)
        {
            if ((object?)a == b)
                return true;
            if (a is null || b is null || a.Length != b.Length)
                return false;
            return a.AsSpan().SequenceEqual(b);
        }

        public override bool Equals(object? obj) => obj is string other && Equals(this, other);

        public bool Equals(string? value) => Equals(this, value);

        public override int GetHashCode()
        {
            // FNV-1a over the UTF-16 code units: deterministic, which is enough without a seeded hash.
            uint hash = 2166136261;
            for (int i = 0; i < _stringLength; i++)
                hash = (hash ^ Unsafe.Add(ref _firstChar, i)) * 16777619;
            return (int)hash;
        }

        public override string ToString() => this;

        public bool StartsWith(string value) =>
            value.Length <= Length && this.AsSpan().Slice(0, value.Length).SequenceEqual(value);

        public string Substring(int startIndex) => Substring(startIndex, Length - startIndex);

        public string Substring(int startIndex, int length)
        {
            if ((uint)startIndex > (uint)Length || (uint)length > (uint)(Length - startIndex))
                ThrowHelper.ThrowArgumentOutOfRangeException();
            return new string(this.AsSpan().Slice(startIndex, length));
        }
    }
}
