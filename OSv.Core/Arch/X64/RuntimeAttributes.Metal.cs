// Images on the real System.Private.CoreLib: CoreLib's own RuntimeImportAttribute and
// RuntimeExportAttribute are internal, so OSv.Core declares its own (ilc recognises them by name in
// any assembly). The interim core library declares them publicly, so this is compiled only for the
// real CoreLib.
#if OSV_REAL_CORELIB
namespace System.Runtime
{
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class RuntimeImportAttribute : Attribute
    {
        public RuntimeImportAttribute(string entry)
        {
            EntryPoint = entry;
        }

        public string EntryPoint { get; }
    }

    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class RuntimeExportAttribute : Attribute
    {
        public RuntimeExportAttribute(string entry)
        {
            EntryPoint = entry;
        }

        public string EntryPoint { get; }
    }
}
#endif
