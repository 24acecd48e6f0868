/* An ordinary Linux C program: counts the words of text files and prints the most frequent.
   Built with the host's gcc as a PIE; OSv.Loader loads it in the image and its libc calls
   (stdio, malloc, qsort, ctype, strings) go to OSv.Libc. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word { char *text; int count; struct word *next; };

#define BUCKETS 4096
static struct word *table[BUCKETS];
static int distinct;

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h % BUCKETS;
}

static void add(const char *text)
{
    unsigned h = hash(text);
    for (struct word *w = table[h]; w; w = w->next)
        if (strcmp(w->text, text) == 0) { w->count++; return; }
    struct word *w = malloc(sizeof *w);
    w->text = strdup(text);
    w->count = 1;
    w->next = table[h];
    table[h] = w;
    distinct++;
}

static int by_count(const void *a, const void *b)
{
    const struct word *x = *(struct word *const *)a, *y = *(struct word *const *)b;
    return x->count != y->count ? y->count - x->count : strcmp(x->text, y->text);
}

static long count_file(const char *path)
{
    FILE *file = fopen(path, "r");
    if (!file) { perror(path); return -1; }
    char word[64];
    int length = 0, c;
    long words = 0;
    while ((c = fgetc(file)) != EOF) {
        if (isalpha(c) || c == '\'') {
            if (length < (int)sizeof word - 1) word[length++] = (char)tolower(c);
        } else if (length) {
            word[length] = 0; add(word); words++; length = 0;
        }
    }
    if (length) { word[length] = 0; add(word); words++; }
    fclose(file);
    return words;
}

int main(int argc, char **argv)
{
    long total = 0;
    for (int i = 1; i < argc; i++) {
        long words = count_file(argv[i]);
        if (words < 0) return 1;
        printf("%-24s %6ld words\n", argv[i], words);
        total += words;
    }
    struct word **all = malloc(sizeof *all * (distinct ? distinct : 1));
    int n = 0;
    for (int b = 0; b < BUCKETS; b++)
        for (struct word *w = table[b]; w; w = w->next) all[n++] = w;
    qsort(all, n, sizeof *all, by_count);
    printf("%ld words, %d distinct; most frequent:\n", total, distinct);
    for (int i = 0; i < n && i < 8; i++)
        printf("  %-12s %5d  %5.1f%%\n", all[i]->text, all[i]->count, 100.0 * all[i]->count / total);
    return 0;
}
