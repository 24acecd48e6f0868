// CoreLib's own RuntimeImportAttribute and RuntimeExportAttribute are internal, so OSv.Core
// declares them publicly for every OS library and app. ilc recognises them by name in any input
// assembly: [RuntimeExport("Name")] emits the method as the global symbol Name with the managed
// calling convention (no reverse-P/Invoke transition), which is how CoreLib's [RuntimeImport]
// calls to Rh*/Rhp* bind to the runtime; [RuntimeImport("Name")] + MethodImplOptions.InternalCall
// is a plain call to a native (assembly) symbol. Checked with ilc 10.0.12. Hosted, they are inert
// markers on code the tests call directly.
namespace System.Runtime
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RuntimeImportAttribute : Attribute
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

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RuntimeExportAttribute : Attribute
    {
        public RuntimeExportAttribute(string entry)
        {
            EntryPoint = entry;
        }

        public string EntryPoint { get; }
    }
}
