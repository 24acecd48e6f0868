// GC.GetGeneration (RhGetGeneration), which CoreLib and the type loader ask for any object. The
// heap has one generation (GcHeap.cs), so every heap object is in generation 0; an object in a
// frozen segment (ilc's preinitialized objects, CoreLib's frozen strings and types) is never
// collected and answers int.MaxValue, as .NET's collector answers for frozen objects. Kept apart
// from GcExports.Metal.cs because images need it before the collector is wired in
// (TypeLoaderEnvironment.ResolveGenericVirtualMethodTarget calls it on every GVM cache miss).
using System.Runtime;
using System.Runtime.CompilerServices;
using OSv.Runtime.Startup;

namespace OSv.Runtime.Gc
{
    internal static class ObjectGeneration
    {
        public const int FrozenGeneration = int.MaxValue;

        [RuntimeExport("RhGetGeneration")]
        internal static int GetGeneration(object obj)
        {
            nint address = Unsafe.As<object, nint>(ref obj);
            return FrozenSegments.All.Contains(address) ? FrozenGeneration : 0;
        }
    }
}
