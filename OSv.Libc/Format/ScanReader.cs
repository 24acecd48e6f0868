// scanf's view of its source: counts the bytes consumed (for %n) and remembers end of input.
namespace OSv.Libc.Format
{
    internal struct ScanReader<TSource> where TSource : struct, IScanSource
    {
        public const int End = -1;

        public TSource Source;
        public long Consumed;

        public ScanReader(TSource source)
        {
            Source = source;
            Consumed = 0;
        }

        public int Read()
        {
            int c = Source.Read();
            if (c != End)
                Consumed++;
            return c;
        }

        public void Unread(int c)
        {
            if (c == End)
                return;
            Source.Unread(c);
            Consumed--;
        }

        /// <summary>Consumes white space; the first other byte stays unread.</summary>
        public void SkipSpace()
        {
            int c;
            do
                c = Read();
            while (IntegerParser.IsSpace(c));
            Unread(c);
        }
    }
}
