// ilc recognises these by name in any input assembly, not only in the core library:
// [RuntimeExport("Name")] emits the method as the global symbol Name with the managed calling
// convention (no reverse-P/Invoke transition), which is how CoreLib's [RuntimeImport] calls to
// Rh*/Rhp* bind to us; [RuntimeImport("Name")] + MethodImplOptions.InternalCall is a plain call to
// a native (assembly) symbol. Checked with ilc 10.0.12 against the real CoreLib.
using System;

namespace System.Runtime
{
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class RuntimeExportAttribute : Attribute
    {
        public RuntimeExportAttribute(string entry)
        {
            EntryPoint = entry;
        }

        public string EntryPoint { get; }
    }

    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class RuntimeImportAttribute : Attribute
    {
        public RuntimeImportAttribute(string entry)
        {
            EntryPoint = entry;
        }

        public RuntimeImportAttribute(string library, string entry)
        {
            Library = library;
            EntryPoint = entry;
        }

        public string? Library { get; }
        public string EntryPoint { get; }
    }
}
