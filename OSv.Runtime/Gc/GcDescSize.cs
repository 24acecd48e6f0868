// The size in bytes of a MethodTable's GCDesc (the series that grow down from it; layout in
// MethodTableObjectModel.cs): the type loader asks (RhGetGCDescSize) when it builds a
// MethodTable at run time (a generic instantiation ilc did not compile), so that it can copy the
// template's GCDesc in front of the new one.
//   no HasPointers flag: 0 (there is no GCDesc)
//   NumSeries n > 0:     the count word + n series of 16 bytes          = 8 + 16 n
//   NumSeries −n < 0:    the count word + the highest series (16 bytes) + n − 1 items of
//                        8 bytes below it                                = 16 + 8 n
// Plain pointer logic: the hosted tests build MethodTables by hand and read ilc's.
namespace OSv.Runtime.Gc
{
    internal static unsafe class GcDescSize
    {
        private const int CountWordBytes = 8;
        private const int SeriesBytes = 16;
        private const int RepeatingItemBytes = 8;

        public static int Of(byte* methodTable)
        {
            if ((*(uint*)methodTable & MethodTableObjectModel.HasPointersFlag) == 0)
                return 0;
            nint seriesCount = *(nint*)(methodTable - CountWordBytes);
            if (seriesCount > 0)
                return CountWordBytes + (int)seriesCount * SeriesBytes;
            return CountWordBytes + SeriesBytes + ((int)-seriesCount - 1) * RepeatingItemBytes;
        }
    }
}
