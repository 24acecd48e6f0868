// Images on the real System.Private.CoreLib: CoreLib's own RuntimeImportAttribute is internal, so
// OSv.Core declares one (ilc recognises the attribute by name in any assembly). The interim core
// library declares it publicly, so this is compiled only for the real CoreLib.
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
}
#endif
