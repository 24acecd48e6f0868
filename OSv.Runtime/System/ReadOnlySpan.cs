// ReadOnlySpan<T>: the read-only twin of Span<T>; also what u8 literals and string views are.
using System.Runtime.CompilerServices;

namespace System
{
    public readonly ref struct ReadOnlySpan<T>
    {
        internal readonly ref T _reference;
        private readonly int _length;

        public ReadOnlySpan(T[]? array)
        {
            if (array is null)
            {
                this = default;
                return;
            }
            _reference = ref Unsafe.As<byte, T>(ref array.GetRawArrayData());
            _length = array.Length;
        }

        public ReadOnlySpan(T[]? array, int start, int length)
        {
            if (array is null)
            {
                if (start != 0 || length != 0)
                    ThrowHelper.ThrowArgumentOutOfRangeException();
                this = default;
                return;
            }
            if ((uint)start > (uint)array.Length || (uint)length > (uint)(array.Length - start))
                ThrowHelper.ThrowArgumentOutOfRangeException();
            _reference = ref Unsafe.Add(ref Unsafe.As<byte, T>(ref array.GetRawArrayData()), start);
            _length = length;
        }

        public unsafe ReadOnlySpan(void* pointer, int length)
        {
            if (length < 0)
                ThrowHelper.ThrowArgumentOutOfRangeException();
            _reference = ref Unsafe.AsRef<T>(pointer);
            _length = length;
        }

        public ReadOnlySpan(ref readonly T reference)
        {
            _reference = ref Unsafe.AsRef(in reference);
            _length = 1;
        }

        internal ReadOnlySpan(ref T reference, int length)
        {
            _reference = ref reference;
            _length = length;
        }

        public ref readonly T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_length)
                    ThrowHelper.ThrowIndexOutOfRangeException();
                return ref Unsafe.Add(ref _reference, index);
            }
        }

        public int Length => _length;

        public bool IsEmpty => _length == 0;

        public static ReadOnlySpan<T> Empty => default;

        public ref readonly T GetPinnableReference() => ref _length != 0 ? ref _reference : ref Unsafe.NullRef<T>();

        public ReadOnlySpan<T> Slice(int start)
        {
            if ((uint)start > (uint)_length)
                ThrowHelper.ThrowArgumentOutOfRangeException();
            return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), _length - start);
        }

        public ReadOnlySpan<T> Slice(int start, int length)
        {
            if ((uint)start > (uint)_length || (uint)length > (uint)(_length - start))
                ThrowHelper.ThrowArgumentOutOfRangeException();
            return new ReadOnlySpan<T>(ref Unsafe.Add(ref _reference, start), length);
        }

        public void CopyTo(Span<T> destination)
        {
            if (!TryCopyTo(destination))
                ThrowHelper.ThrowArgumentException();
        }

        public bool TryCopyTo(Span<T> destination)
        {
            if ((uint)_length > (uint)destination.Length)
                return false;
            Buffer.Memmove(
                ref Unsafe.As<T, byte>(ref destination._reference),
                ref Unsafe.As<T, byte>(ref _reference),
                (nuint)_length * (nuint)Unsafe.SizeOf<T>());
            return true;
        }

        public T[] ToArray()
        {
            if (_length == 0)
                return Array.Empty<T>();
            T[] result = new T[_length];
            CopyTo(result);
            return result;
        }

        public Enumerator GetEnumerator() => new Enumerator(this);

        public static implicit operator ReadOnlySpan<T>(T[]? array) => new ReadOnlySpan<T>(array);

        public ref struct Enumerator
        {
            private readonly ReadOnlySpan<T> _span;
            private int _index;

            internal Enumerator(ReadOnlySpan<T> span)
            {
                _span = span;
                _index = -1;
            }

            public bool MoveNext() => ++_index < _span.Length;

            public ref readonly T Current => ref _span[_index];
        }
    }

    public static class MemoryExtensions
    {
        // C# 14 converts string to ReadOnlySpan<char> through this method, so it must build the
        // span itself rather than convert (which would call itself).
        public static ReadOnlySpan<char> AsSpan(this string? text) =>
            text is null ? default : new ReadOnlySpan<char>(ref text.GetRawStringData(), text.Length);

        public static Span<T> AsSpan<T>(this T[]? array) => new Span<T>(array);

        public static Span<T> AsSpan<T>(this T[]? array, int start) =>
            array is null ? default : new Span<T>(array, start, array.Length - start);

        // Characters compare equal exactly when their UTF-16 code units do: compare the bytes.
        public static bool SequenceEqual(this ReadOnlySpan<char> span, ReadOnlySpan<char> other) =>
            span.Length == other.Length && AsBytes(span).SequenceEqual(AsBytes(other));

        private static ReadOnlySpan<byte> AsBytes(ReadOnlySpan<char> chars) =>
            new ReadOnlySpan<byte>(ref Unsafe.As<char, byte>(ref chars._reference), chars.Length * sizeof(char));

        public static bool SequenceEqual(this ReadOnlySpan<byte> span, ReadOnlySpan<byte> other)
        {
            if (span.Length != other.Length)
                return false;
            for (int i = 0; i < span.Length; i++)
            {
                if (span[i] != other[i])
                    return false;
            }
            return true;
        }

        public static bool SequenceEqual(this Span<byte> span, ReadOnlySpan<byte> other) =>
            ((ReadOnlySpan<byte>)span).SequenceEqual(other);

        public static int IndexOf(this ReadOnlySpan<byte> span, byte value)
        {
            for (int i = 0; i < span.Length; i++)
            {
                if (span[i] == value)
                    return i;
            }
            return -1;
        }

        public static int IndexOf(this Span<byte> span, byte value) => ((ReadOnlySpan<byte>)span).IndexOf(value);
    }
}
