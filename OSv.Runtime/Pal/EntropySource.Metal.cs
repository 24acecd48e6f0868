namespace OSv.Runtime.Pal
{
    internal static unsafe partial class EntropySource
    {
        private static bool TryFillWithoutSource(byte* buffer, int count) => false;
    }
}
