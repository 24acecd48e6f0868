// What `ldtoken` (typeof, RuntimeHelpers field handles) compiles to: ilc passes the address of
// the type's MethodTable (or of a handle record) and expects a handle back.
using System;

namespace Internal.Runtime.CompilerHelpers
{
    internal static unsafe class LdTokenHelpers
    {
        private static RuntimeTypeHandle GetRuntimeTypeHandle(nint methodTable) => new RuntimeTypeHandle((MethodTable*)methodTable);

        private static RuntimeMethodHandle GetRuntimeMethodHandle(nint handleSignature) => default;

        private static RuntimeFieldHandle GetRuntimeFieldHandle(nint handleSignature) => default;

        private static Type? GetRuntimeType(nint methodTable) => Type.GetTypeFromHandle(new RuntimeTypeHandle((MethodTable*)methodTable));
    }
}
