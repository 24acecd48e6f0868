// Hosted, randomness comes from the operating system's generator (RandomNumberGenerator).
using System;
using System.Security.Cryptography;

namespace OSv.Core.Platform
{
    public static class Entropy
    {
        public static bool IsAvailable => true;

        public static bool TryFill(Span<byte> buffer)
        {
            RandomNumberGenerator.Fill(buffer);
            return true;
        }
    }
}
