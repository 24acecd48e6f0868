using System;
using System.Text;
using Memcached.Store;

namespace Memcached.Tests.Store
{
    // Shared helpers: a small store (4 MB, default 1 MB item limit) and a fixed "now".
    internal static class StoreFixture
    {
        public const long Now = 1_700_000_000;
        public const long MemoryLimitBytes = 4L * 1024 * 1024;

        public static ItemStore NewStore() => new ItemStore(MemoryLimitBytes);

        public static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

        public static string? ValueOf(ItemStore store, string key, long now = Now)
        {
            ItemView view = store.Get(B(key), now);
            return view.Found ? Encoding.ASCII.GetString(view.Value) : null;
        }

        public static StoreResult Set(ItemStore store, string key, string value, long exptime = 0, long now = Now, uint flags = 0) =>
            store.Set(B(key), flags, exptime, B(value), now, out _);
    }
}
