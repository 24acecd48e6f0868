namespace OSv.Loader.Linking
{
    /// <summary>Explicit bounds on what the loader accepts; an object beyond them is refused.</summary>
    public static class LoaderLimits
    {
        public const int ObjectsMax = 64;
        public const int ProgramHeadersMax = 64;
        public const long ObjectSpanBytesMax = 1L << 30;
    }
}
