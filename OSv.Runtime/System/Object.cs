// The root of the type hierarchy. An object starts with a pointer to its MethodTable; ilc lays
// out every reference type behind this one field and reads it for casts and virtual calls.
using Internal.Runtime;

namespace System
{
    public unsafe class Object
    {
#pragma warning disable CS0649 // written by the allocator, never by C#
        internal MethodTable* m_pMethodTable;
#pragma warning restore CS0649

        public Object() { }

        ~Object() { }

        public virtual bool Equals(object? obj) => ReferenceEquals(this, obj);

        public virtual int GetHashCode() => Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

        public virtual string? ToString() => "System.Object";

        public static bool ReferenceEquals(object? objA, object? objB) => objA == objB;

        internal MethodTable* GetMethodTable() => m_pMethodTable;
    }
}
