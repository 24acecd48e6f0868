// The server's settings, named after memcached's command-line flags (memcached -h):
//   -p <num>  TCP port (default 11211; 0 turns TCP off)
//   -U <num>  UDP port (default 0: off, as memcached since 1.5.6)
//   -m <num>  item memory in megabytes (default 64)
//   -c <num>  simultaneous connections (default 1024)
//   -t <num>  worker threads (default 4)
//   -I <size> item size limit, bytes or with a k/m suffix (default 1m; 1024 bytes .. 1 MB here)
//   -v        verbosity (each -v adds one; -vv counts two)
// Validate gives memcached's message for a value memcached refuses, and ours for a value only we
// refuse (an item over one slab page). Both targets share this class: the hosted program binds it
// through Microsoft.Extensions.Options (ServerOptionsBinding.Hosted.cs), the image parses the
// kernel command line with TryParse below. No allocation but the error strings, which are
// literals.
using System;
using Memcached.Protocol;

namespace Memcached.Server
{
    public sealed class ServerSettings
    {
        public int Port { get; set; } = ServerLimits.PortDefault;
        public int UdpPort { get; set; }
        public int MemoryMegabytes { get; set; } = ServerLimits.MemoryMegabytesDefault;
        public int ConnectionsMax { get; set; } = ServerLimits.ConnectionsMaxDefault;
        public int Threads { get; set; } = ServerLimits.ThreadsDefault;
        public int ItemSizeMax { get; set; } = ServerLimits.ItemSizeMaxBytes;
        public int Verbosity { get; set; }

        public long MemoryLimitBytes => (long)MemoryMegabytes * 1024 * 1024;

        public bool Validate(out string? error)
        {
            error = null;
            if (Port < 0 || Port > 65535)
                error = "-p: port must be 0..65535";
            else if (UdpPort < 0 || UdpPort > 65535)
                error = "-U: port must be 0..65535";
            else if (Port == 0 && UdpPort == 0)
                error = "-p/-U: at least one of TCP and UDP must be on";
            else if (MemoryMegabytes < 1 || MemoryMegabytes > ServerLimits.MemoryMegabytesMax)
                error = "-m: memory must be 1..65536 megabytes";
            else if (ConnectionsMax < 1)
                error = "-c: connections must be at least 1";
            else if (Threads < 1)
                error = "-t: Number of threads must be greater than 0";
            else if (Threads > ServerLimits.ThreadsMax)
                error = "-t: at most 64 threads";
            else if (ItemSizeMax < ServerLimits.ItemSizeMinBytes)
                error = "-I: Item max size cannot be less than 1024 bytes.";
            else if (ItemSizeMax > ServerLimits.ItemSizeMaxBytes)
                error = "-I: item size limit above 1 MB (one slab page) is not supported";
            else if ((long)ItemSizeMax > MemoryLimitBytes / 2)
                error = "-I: Cannot set item size limit higher than 1/2 of memory max.";
            return error == null;
        }

        // Parses memcached flags from words (the image's kernel command line): "-p 11211",
        // "-p11211", "-vv". Words that are not flags of ours are ignored (the kernel's own options
        // share the line); a flag of ours with a missing or bad value is an error.
        public static bool TryParse(string[] words, ServerSettings settings, out string? error)
        {
            error = null;
            for (int i = 0; i < words.Length && error == null; i++)
            {
                string word = words[i];
                if (word.Length < 2 || word[0] != '-' || !IsFlagLetter(word[1]))
                    continue;
                if (word[1] == 'v')
                {
                    if (!AllLetters(word, 'v'))
                        error = "-v takes no value";
                    else
                        settings.Verbosity += word.Length - 1;
                    continue;
                }
                string value;
                if (word.Length > 2)
                    value = word.Substring(2);
                else if (i + 1 < words.Length)
                    value = words[++i];
                else
                {
                    error = "a flag is missing its value";
                    continue;
                }
                error = Apply(settings, word[1], value);
            }
            return error == null && settings.Validate(out error);
        }

        private static string? Apply(ServerSettings settings, char flag, string text)
        {
            if (flag == 'I')
            {
                if (!TryParseSize(text, out int size))
                    return "-I: size must be a number of bytes, optionally with k or m";
                settings.ItemSizeMax = size;
                return null;
            }
            if (!TryParseInt(text, out int value))
                return flag switch
                {
                    'p' => "-p: port must be a number",
                    'U' => "-U: port must be a number",
                    'm' => "-m: megabytes must be a number",
                    'c' => "-c: connections must be a number",
                    _ => "-t: threads must be a number",
                };
            switch (flag)
            {
                case 'p': settings.Port = value; break;
                case 'U': settings.UdpPort = value; break;
                case 'm': settings.MemoryMegabytes = value; break;
                case 'c': settings.ConnectionsMax = value; break;
                default: settings.Threads = value; break;
            }
            return null;
        }

        private static bool IsFlagLetter(char letter) =>
            letter == 'p' || letter == 'U' || letter == 'm' || letter == 'c' || letter == 't' || letter == 'I' || letter == 'v';

        private static bool AllLetters(string word, char letter)
        {
            for (int i = 1; i < word.Length; i++)
            {
                if (word[i] != letter)
                    return false;
            }
            return true;
        }

        public static bool TryParseInt(string text, out int value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 10)
                return false;
            long total = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                    return false;
                total = total * 10 + (c - '0');
            }
            if (total > int.MaxValue)
                return false;
            value = (int)total;
            return true;
        }

        // memcached's -I: a number with an optional k/K or m/M suffix.
        public static bool TryParseSize(string text, out int bytes)
        {
            bytes = 0;
            if (text.Length == 0)
                return false;
            char last = text[text.Length - 1];
            long unit = last == 'k' || last == 'K' ? 1024 : last == 'm' || last == 'M' ? 1024 * 1024 : 1;
            string digits = unit == 1 ? text : text.Substring(0, text.Length - 1);
            if (!TryParseInt(digits, out int number) || number * unit > int.MaxValue)
                return false;
            bytes = (int)(number * unit);
            return true;
        }
    }
}
