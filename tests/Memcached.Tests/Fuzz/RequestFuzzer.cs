// Seeded generator of text-protocol requests for fuzzing (deterministic: the same seed gives the
// same stream). A third each of:
//   - valid requests of every command, with small data blocks where the command takes one;
//   - mutated valid requests: a byte flipped, inserted or deleted; a word replaced by an extreme
//     number, an over-long key or control bytes; a word repeated; the line cut short; spaces
//     turned into tabs; the data block's declared length made wrong;
//   - random lines: random bytes, or random words from the protocol's vocabulary.
// Each request ends with "\r\n", "\n" or (rarely) nothing, so the next one joins it.
using System;
using System.Collections.Generic;
using System.Text;

namespace Memcached.Tests.Fuzz
{
    internal sealed class RequestFuzzer
    {
        private static readonly string[] Templates =
        {
            "get {k}", "gets {k} {k2}", "get {k} {k2} {k3}", "set {k} {f} {e} {n}\r\n{d}", "add {k} {f} {e} {n}\r\n{d}",
            "replace {k} {f} {e} {n}\r\n{d}", "append {k} {f} {e} {n}\r\n{d}", "prepend {k} {f} {e} {n}\r\n{d}",
            "cas {k} {f} {e} {n} {c}\r\n{d}", "set {k} {f} {e} {n} noreply\r\n{d}", "incr {k} {v}", "decr {k} {v}",
            "incr {k} {v} noreply", "delete {k}", "delete {k} noreply", "touch {k} {e}", "gat {e} {k}", "gats {e} {k} {k2}",
            "flush_all", "flush_all {e}", "flush_all noreply", "version", "verbosity 1", "stats", "stats settings",
            "stats items", "stats slabs", "mg {k} v f t c k", "ms {k} {n} T{e} F{f}\r\n{d}", "md {k} q", "ma {k} N0 J13 D{v}",
            "mn", "me {k}", "quit",
        };

        private static readonly string[] Extremes =
        {
            "-1", "0", "4294967295", "4294967296", "18446744073709551615", "18446744073709551616", "99999999999999999999999",
            "2147483647", "2147483648", "-2147483648", "0x10", "1e3", "", " ", "noreply", "\x00", "\xff\xfe",
        };

        private static readonly string[] Vocabulary =
        {
            "get", "gets", "set", "add", "cas", "incr", "decr", "delete", "touch", "gat", "gats", "flush_all", "stats",
            "version", "verbosity", "quit", "noreply", "mg", "ms", "md", "ma", "mn", "me", "k", "key", "0", "1", "5", "-1",
            "100", "v", "T", "F", "q", "N0", "\r", "\n", "\t", "\x80",
        };

        private readonly Random random;

        public RequestFuzzer(int seed)
        {
            random = new Random(seed);
        }

        public byte[] Next()
        {
            int kind = random.Next(3);
            string request = kind == 0 ? Valid() : kind == 1 ? Mutate(Valid()) : RandomLine();
            return Encoding.Latin1.GetBytes(request + Terminator());
        }

        private string Terminator()
        {
            int choice = random.Next(20);
            return choice == 0 ? "" : choice < 4 ? "\n" : "\r\n";
        }

        private string Valid()
        {
            string template = Templates[random.Next(Templates.Length)];
            string data = new string('x', random.Next(0, 40));
            return template
                .Replace("{k}", Key()).Replace("{k2}", Key()).Replace("{k3}", Key())
                .Replace("{f}", random.Next(0, 1000).ToString()).Replace("{e}", random.Next(0, 3) == 0 ? "0" : random.Next(-5, 100).ToString())
                .Replace("{n}", data.Length.ToString()).Replace("{d}", data)
                .Replace("{c}", random.Next(0, 5000).ToString()).Replace("{v}", random.Next(0, 100000).ToString());
        }

        private string Key() => "k" + random.Next(0, 50);

        private string Mutate(string request)
        {
            int mutations = 1 + random.Next(3);
            for (int i = 0; i < mutations; i++)
                request = MutateOnce(request);
            return request;
        }

        private string MutateOnce(string request)
        {
            int at = request.Length == 0 ? 0 : random.Next(request.Length);
            switch (random.Next(9))
            {
                case 0: return request.Length == 0 ? request : request.Remove(at, 1).Insert(at, ((char)random.Next(256)).ToString());
                case 1: return request.Insert(at, ((char)random.Next(256)).ToString());
                case 2: return request.Length == 0 ? request : request.Remove(at, 1);
                case 3: return ReplaceWord(request, Extremes[random.Next(Extremes.Length)]);
                case 4: return ReplaceWord(request, new string('k', 240 + random.Next(20)));
                case 5: return DuplicateWord(request);
                case 6: return request.Substring(0, at);
                case 7: return request.Replace(' ', '\t');
                default: return ReplaceWord(request, random.Next(0, 20) == 0 ? "1048577" : random.Next(0, 200).ToString());
            }
        }

        private string ReplaceWord(string request, string replacement)
        {
            string[] words = request.Split(' ');
            words[random.Next(words.Length)] = replacement;
            return string.Join(' ', words);
        }

        private string DuplicateWord(string request)
        {
            List<string> words = new List<string>(request.Split(' '));
            int at = random.Next(words.Count);
            int copies = 1 + random.Next(random.Next(2) == 0 ? 3 : 80);
            for (int i = 0; i < copies; i++)
                words.Insert(at, words[at]);
            return string.Join(' ', words);
        }

        private string RandomLine()
        {
            StringBuilder line = new StringBuilder();
            if (random.Next(2) == 0)
            {
                int length = random.Next(0, 120);
                for (int i = 0; i < length; i++)
                    line.Append((char)random.Next(256));
                return line.ToString();
            }
            int words = random.Next(0, 12);
            for (int i = 0; i < words; i++)
                line.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(random.Next(4) == 0 ? "  " : " ");
            return line.ToString();
        }
    }
}
