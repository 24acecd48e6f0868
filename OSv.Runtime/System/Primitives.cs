// The primitive value types. csc and ilc treat their arithmetic as intrinsic; what lives here is
// their identity (for boxing) and the small API surface apps call: ToString, Equals, limits.
namespace System
{
    public struct Void { }

    public struct Boolean
    {
        private bool m_value;
        public override string ToString() => m_value ? "True" : "False";
        public override bool Equals(object? obj) => obj is bool other && other == m_value;
        public override int GetHashCode() => m_value ? 1 : 0;
    }

    public struct Char
    {
        private char m_value;
        public const char MaxValue = (char)0xFFFF;
        public const char MinValue = (char)0;
        public override string ToString() => string.FromChar(m_value);
        public override bool Equals(object? obj) => obj is char other && other == m_value;
        public override int GetHashCode() => m_value;
        public static bool IsDigit(char c) => c >= '0' && c <= '9';
        public static bool IsWhiteSpace(char c) => c == ' ' || (c >= '\t' && c <= '\r');
    }

    public struct SByte
    {
        private sbyte m_value;
        public const sbyte MaxValue = 127;
        public const sbyte MinValue = -128;
        public override string ToString() => Number.Int64ToString(m_value);
        public override bool Equals(object? obj) => obj is sbyte other && other == m_value;
        public override int GetHashCode() => m_value;
    }

    public struct Byte
    {
        private byte m_value;
        public const byte MaxValue = 255;
        public const byte MinValue = 0;
        public override string ToString() => Number.UInt64ToString(m_value);
        public override bool Equals(object? obj) => obj is byte other && other == m_value;
        public override int GetHashCode() => m_value;
    }

    public struct Int16
    {
        private short m_value;
        public const short MaxValue = 32767;
        public const short MinValue = -32768;
        public override string ToString() => Number.Int64ToString(m_value);
        public override bool Equals(object? obj) => obj is short other && other == m_value;
        public override int GetHashCode() => m_value;
    }

    public struct UInt16
    {
        private ushort m_value;
        public const ushort MaxValue = 65535;
        public const ushort MinValue = 0;
        public override string ToString() => Number.UInt64ToString(m_value);
        public override bool Equals(object? obj) => obj is ushort other && other == m_value;
        public override int GetHashCode() => m_value;
    }

    public struct Int32
    {
        private int m_value;
        public const int MaxValue = 0x7FFFFFFF;
        public const int MinValue = unchecked((int)0x80000000);
        public override string ToString() => Number.Int64ToString(m_value);
        public string ToString(string? format) => Number.FormatInt64(m_value, format);
        public override bool Equals(object? obj) => obj is int other && other == m_value;
        public override int GetHashCode() => m_value;
        public static int Parse(string s) => (int)Number.ParseInt64(s, MinValue, MaxValue);
        public static bool TryParse(string? s, out int result)
        {
            bool ok = Number.TryParseInt64(s, MinValue, MaxValue, out long value);
            result = (int)value;
            return ok;
        }
    }

    public struct UInt32
    {
        private uint m_value;
        public const uint MaxValue = 0xFFFFFFFF;
        public const uint MinValue = 0;
        public override string ToString() => Number.UInt64ToString(m_value);
        public string ToString(string? format) => Number.FormatUInt64(m_value, format);
        public override bool Equals(object? obj) => obj is uint other && other == m_value;
        public override int GetHashCode() => (int)m_value;
    }

    public struct Int64
    {
        private long m_value;
        public const long MaxValue = 0x7FFFFFFFFFFFFFFF;
        public const long MinValue = unchecked((long)0x8000000000000000);
        public override string ToString() => Number.Int64ToString(m_value);
        public string ToString(string? format) => Number.FormatInt64(m_value, format);
        public override bool Equals(object? obj) => obj is long other && other == m_value;
        public override int GetHashCode() => (int)m_value ^ (int)(m_value >> 32);
        public static long Parse(string s) => Number.ParseInt64(s, MinValue, MaxValue);
    }

    public struct UInt64
    {
        private ulong m_value;
        public const ulong MaxValue = 0xFFFFFFFFFFFFFFFF;
        public const ulong MinValue = 0;
        public override string ToString() => Number.UInt64ToString(m_value);
        public string ToString(string? format) => Number.FormatUInt64(m_value, format);
        public override bool Equals(object? obj) => obj is ulong other && other == m_value;
        public override int GetHashCode() => (int)m_value ^ (int)(m_value >> 32);
    }

    public unsafe struct IntPtr
    {
        private void* _value;
        public static readonly nint Zero;
        public static int Size => sizeof(nint);
        public IntPtr(int value) { _value = (void*)value; }
        public IntPtr(long value) { _value = (void*)value; }
        public IntPtr(void* value) { _value = value; }
        public void* ToPointer() => _value;
        public long ToInt64() => (long)_value;
        public static explicit operator IntPtr(int value) => new IntPtr(value);
        public static explicit operator IntPtr(long value) => new IntPtr(value);
        public static explicit operator IntPtr(void* value) => new IntPtr(value);
        public static explicit operator void*(IntPtr value) => value._value;
        public static explicit operator long(IntPtr value) => (long)value._value;
        public static bool operator ==(IntPtr a, IntPtr b) => a._value == b._value;
        public static bool operator !=(IntPtr a, IntPtr b) => a._value != b._value;
        public override string ToString() => Number.Int64ToString((long)_value);
        public override bool Equals(object? obj) => obj is nint other && other == (nint)_value;
        public override int GetHashCode() => (int)(long)_value;
    }

    public unsafe struct UIntPtr
    {
        private void* _value;
        public static readonly nuint Zero;
        public static int Size => sizeof(nuint);
        public UIntPtr(uint value) { _value = (void*)value; }
        public UIntPtr(ulong value) { _value = (void*)value; }
        public UIntPtr(void* value) { _value = value; }
        public void* ToPointer() => _value;
        public static explicit operator UIntPtr(uint value) => new UIntPtr(value);
        public static explicit operator UIntPtr(ulong value) => new UIntPtr(value);
        public static explicit operator UIntPtr(void* value) => new UIntPtr(value);
        public static explicit operator void*(UIntPtr value) => value._value;
        public static explicit operator ulong(UIntPtr value) => (ulong)value._value;
        public static bool operator ==(UIntPtr a, UIntPtr b) => a._value == b._value;
        public static bool operator !=(UIntPtr a, UIntPtr b) => a._value != b._value;
        public override string ToString() => Number.UInt64ToString((ulong)_value);
        public override bool Equals(object? obj) => obj is nuint other && other == (nuint)_value;
        public override int GetHashCode() => (int)(ulong)_value;
    }

    public struct Single
    {
        private float m_value;
        public override bool Equals(object? obj) => obj is float other && other == m_value;
        public override int GetHashCode() => (int)m_value;
    }

    public struct Double
    {
        private double m_value;
        public override bool Equals(object? obj) => obj is double other && other == m_value;
        public override int GetHashCode() => (int)m_value;
    }
}
