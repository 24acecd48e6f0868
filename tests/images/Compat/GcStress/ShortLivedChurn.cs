// The work of one allocating thread of the GC stress: allocate a byte quota in short-lived objects
// of mixed shapes (small objects, strings, small and medium arrays, occasionally a large array),
// keeping the last RingSlots of them alive for a while so that some survive a collection or two
// and then die, and checking each one's contents when it leaves the ring. A collector that frees
// a live object, or lets a new object overlap one, shows as a corrupt count above zero.
//
// The quota counts payload bytes plus an estimated header per object; precise accounting does not
// matter, only that the total is a multiple of the heap and the same on every run.
namespace Compat.GcStress
{
    internal sealed class ChurnItem
    {
        public readonly int Tag;
        public readonly byte[] Data;
        public readonly string? Text;
        public ChurnItem? Partner;

        public ChurnItem(int tag, byte[] data, string? text)
        {
            Tag = tag;
            Data = data;
            Text = text;
        }

        public static byte PatternByte(int tag, int index) => (byte)(tag * 31 + index);

        public bool Intact()
        {
            for (var i = 0; i < Data.Length; i++)
            {
                if (Data[i] != PatternByte(Tag, i))
                    return false;
            }
            if (Text != null && (Text.Length == 0 || Text[0] != (char)('a' + Tag % 26)))
                return false;
            return Partner == null || Partner.Tag == Tag + 1;
        }
    }

    internal sealed class ShortLivedChurn
    {
        public const int RingSlots = 256;
        private const int ObjectHeaderBytesEstimate = 24;
        private const int SmallBytesMax = 128;
        private const int MediumBytesMax = 16 * 1024;
        private const int LargeBytesMin = 100 * 1024;
        private const int LargeBytesMax = 300 * 1024;

        private readonly long quotaBytes;
        private readonly ChurnItem?[] ring = new ChurnItem?[RingSlots];
        private StressRandom random;

        public ShortLivedChurn(long quotaBytes, ulong seed)
        {
            this.quotaBytes = quotaBytes;
            random = new StressRandom(seed);
        }

        public long AllocatedBytes { get; private set; }
        public int CorruptCount { get; private set; }

        public void Run()
        {
            var tag = 0;
            while (AllocatedBytes < quotaBytes)
            {
                var item = Allocate(tag);
                tag += 2;
                var slot = random.Between(0, RingSlots - 1);
                var leaving = ring[slot];
                if (leaving != null && !leaving.Intact())
                    CorruptCount++;
                ring[slot] = item;
            }
            foreach (var remaining in ring)
            {
                if (remaining != null && !remaining.Intact())
                    CorruptCount++;
            }
        }

        private ChurnItem Allocate(int tag)
        {
            var kind = random.Between(0, 99);
            var size = kind switch
            {
                < 60 => random.Between(0, SmallBytesMax),
                < 95 => random.Between(SmallBytesMax, MediumBytesMax),
                < 99 => random.Between(0, 16),
                _ => random.Between(LargeBytesMin, LargeBytesMax),
            };
            var data = new byte[size];
            for (var i = 0; i < data.Length; i++)
                data[i] = ChurnItem.PatternByte(tag, i);
            string? text = kind % 3 == 0 ? new string((char)('a' + tag % 26), random.Between(1, 64)) : null;
            var item = new ChurnItem(tag, data, text);
            if (kind % 2 == 0)
                item.Partner = new ChurnItem(tag + 1, System.Array.Empty<byte>(), null);
            AllocatedBytes += size + 3 * ObjectHeaderBytesEstimate + (text == null ? 0 : text.Length * 2 + ObjectHeaderBytesEstimate);
            return item;
        }
    }
}
