namespace OSv.Loader.Linking
{
    /// <summary>A loaded object, or a message naming what is wrong (and with which object).</summary>
    public readonly struct LoadResult
    {
        public LoadResult(LoadedObject? obj, string? error)
        {
            Object = obj;
            Error = error;
        }

        public LoadedObject? Object { get; }
        public string? Error { get; }
        public bool Ok => Error == null;
    }
}
