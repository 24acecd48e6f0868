using System;
using System.Security.Cryptography;

namespace OSv.Runtime.Pal
{
    internal static unsafe partial class EntropySource
    {
        private static bool TryFillWithoutSource(byte* buffer, int count)
        {
            RandomNumberGenerator.Fill(new Span<byte>(buffer, count));
            return true;
        }
    }
}
