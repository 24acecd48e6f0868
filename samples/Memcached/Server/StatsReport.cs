// "stats" and its groups (protocol.txt, "General-purpose statistics", "Settings statistics"),
// written as memcached 1.6.18 writes them: STAT <name> <value> lines, then END. The general
// group carries the fields clients and tools read (memcached-tool, libmemcached's memcstat,
// monitoring agents); fields that describe machinery we do not have (libevent, LRU segments,
// extstore) are left out rather than reported as made-up zeros.
// The store's counters are read under the cache lock, so one report is one consistent moment.
using System;
using Memcached.Protocol;
using Memcached.Store;

namespace Memcached.Server
{
    public static class StatsReport
    {
        public static void Write(Session session, StatsGroup group)
        {
            Cache cache = session.Cache;
            switch (group)
            {
                case StatsGroup.Settings:
                    WriteSettings(session, cache.Settings);
                    break;
                case StatsGroup.Slabs:
                    cache.Lock();
                    WriteSlabs(session, cache.Store, cache.NowSeconds);
                    cache.Unlock();
                    break;
                case StatsGroup.Items:
                    cache.Lock();
                    WriteItems(session, cache.Store, cache.NowSeconds);
                    cache.Unlock();
                    break;
                default:
                    cache.Lock();
                    WriteGeneral(session, cache, cache.Store.Stats);
                    cache.Unlock();
                    break;
            }
            session.AppendLine("END\r\n"u8);
        }

        private static void WriteGeneral(Session session, Cache cache, StoreStats store)
        {
            long now = cache.NowSeconds;
            ServerCounters counters = cache.Counters;
            session.AppendStat("pid"u8, 1);
            session.AppendStat("uptime"u8, now - cache.StartedAtUnixSeconds);
            session.AppendStat("time"u8, now);
            session.AppendStatText("version"u8, Cache.Version);
            session.AppendStat("pointer_size"u8, 64);
            session.AppendStat("max_connections"u8, cache.Settings.ConnectionsMax);
            session.AppendStat("curr_connections"u8, counters.CurrentConnections);
            session.AppendStat("total_connections"u8, counters.TotalConnections);
            session.AppendStat("rejected_connections"u8, counters.RejectedConnections);
            session.AppendStat("cmd_get"u8, store.CmdGet);
            session.AppendStat("cmd_set"u8, store.CmdSet);
            session.AppendStat("cmd_flush"u8, store.CmdFlush);
            session.AppendStat("cmd_touch"u8, store.CmdTouch);
            session.AppendStat("get_hits"u8, store.GetHits);
            session.AppendStat("get_misses"u8, store.GetMisses);
            session.AppendStat("get_expired"u8, store.GetExpired);
            session.AppendStat("get_flushed"u8, store.GetFlushed);
            session.AppendStat("delete_misses"u8, store.DeleteMisses);
            session.AppendStat("delete_hits"u8, store.DeleteHits);
            session.AppendStat("incr_misses"u8, store.IncrMisses);
            session.AppendStat("incr_hits"u8, store.IncrHits);
            session.AppendStat("decr_misses"u8, store.DecrMisses);
            session.AppendStat("decr_hits"u8, store.DecrHits);
            session.AppendStat("cas_misses"u8, store.CasMisses);
            session.AppendStat("cas_hits"u8, store.CasHits);
            session.AppendStat("cas_badval"u8, store.CasBadValue);
            session.AppendStat("touch_hits"u8, store.TouchHits);
            session.AppendStat("touch_misses"u8, store.TouchMisses);
            session.AppendStat("auth_cmds"u8, 0);
            session.AppendStat("auth_errors"u8, counters.AuthErrors);
            session.AppendStat("bytes_read"u8, counters.BytesRead);
            session.AppendStat("bytes_written"u8, counters.BytesWritten);
            session.AppendStat("limit_maxbytes"u8, store.LimitMaxBytes);
            session.AppendStat("threads"u8, cache.Settings.Threads);
            session.AppendStat("conn_yields"u8, counters.ConnectionYields);
            session.AppendStat("bytes"u8, store.Bytes);
            session.AppendStat("curr_items"u8, store.CurrentItems);
            session.AppendStat("total_items"u8, store.TotalItems);
            session.AppendStat("evictions"u8, store.Evictions);
            session.AppendStat("reclaimed"u8, store.Reclaimed);
            session.AppendStat("crawler_reclaimed"u8, store.CrawlerReclaimed);
            session.AppendStat("outofmemory"u8, store.OutOfMemory);
            session.AppendStat("total_malloced"u8, store.PagesAssigned * StoreLimits.PageSizeBytes);
            session.AppendStat("hash_power_level"u8, cache.Store.HashPowerLevel);
            session.AppendStat("hash_bytes"u8, cache.Store.HashBytes);
            session.AppendStat("hash_is_expanding"u8, cache.Store.HashIsExpanding ? 1 : 0);
        }

        // "stats slabs": per class with pages, "<id>:<field>", then the totals (memcached's
        // do_slabs_stats; a class appears once it has a page).
        private static void WriteSlabs(Session session, ItemStore store, long now)
        {
            Span<byte> name = stackalloc byte[StatNameBytesMax];
            for (int sizeClass = 0; sizeClass < store.SizeClassCount; sizeClass++)
            {
                SlabClassStats stats = store.GetClassStats(sizeClass, now);
                if (stats.TotalPages == 0)
                    continue;
                int prefix = WritePrefix(name, ""u8, stats.ClassId);
                Stat(session, name, prefix, "chunk_size"u8, stats.ChunkSizeBytes);
                Stat(session, name, prefix, "chunks_per_page"u8, stats.ChunksPerPage);
                Stat(session, name, prefix, "total_pages"u8, stats.TotalPages);
                Stat(session, name, prefix, "total_chunks"u8, stats.TotalChunks);
                Stat(session, name, prefix, "used_chunks"u8, stats.UsedChunks);
                Stat(session, name, prefix, "free_chunks"u8, stats.FreeChunks);
                Stat(session, name, prefix, "free_chunks_end"u8, stats.FreeChunksEnd);
                Stat(session, name, prefix, "get_hits"u8, stats.GetHits);
                Stat(session, name, prefix, "cmd_set"u8, stats.CmdSet);
                Stat(session, name, prefix, "delete_hits"u8, stats.DeleteHits);
                Stat(session, name, prefix, "incr_hits"u8, stats.IncrHits);
                Stat(session, name, prefix, "decr_hits"u8, stats.DecrHits);
                Stat(session, name, prefix, "cas_hits"u8, stats.CasHits);
                Stat(session, name, prefix, "cas_badval"u8, stats.CasBadValue);
                Stat(session, name, prefix, "touch_hits"u8, stats.TouchHits);
            }
            session.AppendStat("active_slabs"u8, store.ActiveSlabClasses);
            session.AppendStat("total_malloced"u8, store.TotalMallocedBytes);
        }

        // "stats items": per class holding items, "items:<id>:<field>" (memcached's
        // item_stats). The segmented-LRU fields are memcached's names with our single LRU's
        // truth: every item counts as cold, nothing moves between segments.
        private static void WriteItems(Session session, ItemStore store, long now)
        {
            Span<byte> name = stackalloc byte[StatNameBytesMax];
            for (int sizeClass = 0; sizeClass < store.SizeClassCount; sizeClass++)
            {
                SlabClassStats stats = store.GetClassStats(sizeClass, now);
                if (stats.Number == 0)
                    continue;
                int prefix = WritePrefix(name, "items:"u8, stats.ClassId);
                Stat(session, name, prefix, "number"u8, stats.Number);
                Stat(session, name, prefix, "number_hot"u8, 0);
                Stat(session, name, prefix, "number_warm"u8, 0);
                Stat(session, name, prefix, "number_cold"u8, stats.Number);
                Stat(session, name, prefix, "age_hot"u8, 0);
                Stat(session, name, prefix, "age_warm"u8, 0);
                Stat(session, name, prefix, "age"u8, stats.AgeSeconds);
                Stat(session, name, prefix, "mem_requested"u8, stats.MemRequestedBytes);
                Stat(session, name, prefix, "evicted"u8, stats.Evicted);
                Stat(session, name, prefix, "evicted_nonzero"u8, stats.EvictedNonzero);
                Stat(session, name, prefix, "evicted_time"u8, stats.EvictedTimeSeconds);
                Stat(session, name, prefix, "outofmemory"u8, stats.OutOfMemory);
                Stat(session, name, prefix, "tailrepairs"u8, 0);
                Stat(session, name, prefix, "reclaimed"u8, stats.Reclaimed);
                Stat(session, name, prefix, "expired_unfetched"u8, stats.ExpiredUnfetched);
                Stat(session, name, prefix, "evicted_unfetched"u8, stats.EvictedUnfetched);
                Stat(session, name, prefix, "evicted_active"u8, 0);
                Stat(session, name, prefix, "crawler_reclaimed"u8, stats.CrawlerReclaimed);
                Stat(session, name, prefix, "crawler_items_checked"u8, stats.CrawlerItemsChecked);
            }
        }

        // "items:" + "12" + ":" is the longest prefix; field names are under 32 bytes.
        private const int StatNameBytesMax = 64;

        private static int WritePrefix(Span<byte> name, ReadOnlySpan<byte> group, int classId)
        {
            group.CopyTo(name);
            AsciiNumber.TryFormat((ulong)classId, name.Slice(group.Length), out int digits);
            name[group.Length + digits] = (byte)':';
            return group.Length + digits + 1;
        }

        private static void Stat(Session session, Span<byte> name, int prefix, ReadOnlySpan<byte> field, long value)
        {
            field.CopyTo(name.Slice(prefix));
            session.AppendStat(name.Slice(0, prefix + field.Length), value);
        }

        private static void WriteSettings(Session session, ServerSettings settings)
        {
            session.AppendStat("maxbytes"u8, settings.MemoryLimitBytes);
            session.AppendStat("maxconns"u8, settings.ConnectionsMax);
            session.AppendStat("tcpport"u8, settings.Port);
            session.AppendStat("udpport"u8, settings.UdpPort);
            session.AppendStat("verbosity"u8, settings.Verbosity);
            session.AppendStat("num_threads"u8, settings.Threads);
            session.AppendStatText("growth_factor"u8, "1.25"u8);
            session.AppendStat("chunk_size"u8, StoreLimits.ChunkSizeMinBytes);
            session.AppendStat("item_size_max"u8, settings.ItemSizeMax);
            session.AppendStat("slab_page_size"u8, StoreLimits.PageSizeBytes);
            session.AppendStatText("cas_enabled"u8, "yes"u8);
            session.AppendStatText("evictions"u8, "on"u8);
            session.AppendStatText("binding_protocol"u8, "auto-negotiate"u8);
        }
    }
}
