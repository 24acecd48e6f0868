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
