// Where cryptographically secure random bytes come from: a fill function the startup installs
// (on metal: RDRAND/RDSEED, or virtio-rng when the image has the device). Hosted, without an
// installed source, the host's generator serves (EntropySource.Hosted.cs); on metal, without one,
// TryFill fails and the secure PAL call reports the failure.
//
// Caller rules: Install at startup, before a second thread runs (a plain static store). The
// installed function fills all count bytes and returns true, or returns false.
namespace OSv.Runtime.Pal
{
    internal static unsafe partial class EntropySource
    {
        private static delegate*<byte*, int, bool> s_fill;

        public static delegate*<byte*, int, bool> Install(delegate*<byte*, int, bool> fill)
        {
            delegate*<byte*, int, bool> previous = s_fill;
            s_fill = fill;
            return previous;
        }

        public static bool TryFill(byte* buffer, int count)
        {
            if (count == 0)
                return true;
            delegate*<byte*, int, bool> fill = s_fill;
            return fill != null ? fill(buffer, count) : TryFillWithoutSource(buffer, count);
        }
    }
}
