// Type identity. The interim core library carries no reflection metadata: a Type is a wrapper
// over a MethodTable pointer, enough for typeof comparisons. Names come from the image's symbol
// map when the kernel needs them (panics).
using Internal.Runtime;

namespace System
{
    public abstract unsafe class Type
    {
        public static bool operator ==(Type? left, Type? right) => ReferenceEquals(left, right) || (left is not null && left.Equals(right));
        public static bool operator !=(Type? left, Type? right) => !(left == right);
        public override bool Equals(object? o) => ReferenceEquals(this, o);
        public override int GetHashCode() => base.GetHashCode();

        public static Type? GetTypeFromHandle(RuntimeTypeHandle handle) => handle.IsNull ? null : new RuntimeType(handle.Value);
    }

    internal sealed unsafe class RuntimeType : Type
    {
        internal readonly MethodTable* _methodTable;
        internal RuntimeType(MethodTable* methodTable) { _methodTable = methodTable; }
        public override bool Equals(object? o) => o is RuntimeType other && other._methodTable == _methodTable;
        public override int GetHashCode() => (int)(nint)_methodTable;
    }

    public unsafe struct RuntimeTypeHandle
    {
        private readonly MethodTable* _value;
        internal RuntimeTypeHandle(MethodTable* value) { _value = value; }
        internal MethodTable* Value => _value;
        internal bool IsNull => _value == null;
    }

    public struct RuntimeMethodHandle { private nint _value; }

    public struct RuntimeFieldHandle { private nint _value; }

    public ref struct TypedReference
    {
        private readonly nint _value;
        private readonly nint _type;
    }

    public ref struct RuntimeArgumentHandle { private nint _value; }

    public interface IDisposable
    {
        void Dispose();
    }

    public interface IEquatable<T>
    {
        bool Equals(T? other);
    }

    public interface IComparable<in T>
    {
        int CompareTo(T? other);
    }
}

namespace System.Collections
{
    public interface IEnumerator
    {
        object? Current { get; }
        bool MoveNext();
        void Reset();
    }

    public interface IEnumerable
    {
        IEnumerator GetEnumerator();
    }
}

namespace System.Collections.Generic
{
    public interface IEnumerator<out T> : IDisposable, System.Collections.IEnumerator
    {
        new T Current { get; }
    }

    public interface IEnumerable<out T> : System.Collections.IEnumerable
    {
        new IEnumerator<T> GetEnumerator();
    }
}
