// Reads one CloudTrail record (a JSON object) in one call, without building it: checks that it is JSON as JSON.parse
// would accept it, and places the members indexing reads (load/recordReader.ts): those of the record, and those of the
// objects in it that indexing looks into (userIdentity, requestParameters, additionalEventData, each of resources).
// Every other member is checked and skipped. A string value is numbered by its bytes in a table per member, kept for
// the thread's whole load, so a value met before (eventName, an ARN, a Region…) costs a lookup here instead of a
// string made again in JavaScript.
//
// The module is never the authority on what is wrong: at anything JSON.parse might read differently (a key with an
// escape, a member named twice, a nesting deeper than MAX_DEPTH, a byte JSON does not allow) it answers SLOW and the
// record is parsed and reported by JSON.parse as before. What it accepts, JSON.parse accepts (RFC 8259's grammar):
// whitespace is space, tab, line feed and carriage return; strings hold no byte below 0x20 and only the escapes
// \" \\ \/ \b \f \n \r \t \uXXXX; numbers are -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. Bytes from 0x80 are
// taken inside strings only: JSON.parse reads the text decoded from UTF-8, where an invalid byte becomes U+FFFD
// inside the same string and an ASCII byte is never swallowed by one.
//
// Build: npm run build:wasm (clang's wasm32 target), which writes src/core/load/recordReadWasm.ts.

#include <wasm_simd128.h>

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

#define EXPORT(name) __attribute__((export_name(name)))

enum Status { FAST = 0, SLOW = 1 };
enum Kind { ABSENT = 0, KIND_NULL, KIND_FALSE, KIND_TRUE, KIND_NUMBER, KIND_STRING, KIND_OBJECT, KIND_ARRAY };
/** Added to a string's kind when it holds an escape (JSON.parse must then read it). */
#define ESCAPED 8
/** Added to an object's or array's kind when its members were placed (an array's: its elements, each an object). */
#define PLACED 16

#define MAX_SCHEMAS 24
#define MAX_KEYS 32
#define MAX_KEY_BYTES 4096
#define KEY_BUCKETS 128
/** Places in `out`, each (kind, start, end, number): the record's members, its objects', and resources' elements'. */
#define MAX_PLACES 512
#define MAX_DEPTH 64
/** A value longer than this is not numbered (it is decoded each time it is read). */
#define MAX_NUMBERED_BYTES 4096
/** Values a member's table holds at most; past it, new values are not numbered. */
#define MAX_ENTRIES_PER_TABLE (1u << 20)
/** Bytes all the tables take at most (the caller forgets them between texts past half of it). */
#define MAX_TABLE_BYTES (16u << 20)
#define NO_NUMBER 0xffffffffu
#define NO_SCHEMA 0xffu

extern unsigned char __heap_base;

/** One member a schema places: where its key's bytes are, its table of values, and the schema of its value. */
typedef struct {
  u32 key_at;
  u32 key_length;
  /** The schema of the member's object value, or of each element of its array value; NO_SCHEMA for none. */
  u8 object_schema;
  u8 elements_schema;
  /** Whether its string values are numbered (the caller's wish; turned off when values rarely repeat). */
  u8 numbered;
  u8 wanted;
} Key;

typedef struct {
  u32 count;
  Key keys[MAX_KEYS];
  /** Key + 1 per bucket of the keys' hash; 0 is empty. */
  u8 bucket[KEY_BUCKETS];
} Schema;

static u8 key_bytes[MAX_KEY_BYTES];
static u32 key_used;
static Schema schemas[MAX_SCHEMAS];
static u32 schema_count;

/** What object_as found: per place, kind, start, end and the value's number (NO_NUMBER when it has none). */
static u32 out[MAX_PLACES * 4];
/** The places written by the last record, to clear before the next. */
static u32 written[MAX_PLACES];
static u32 written_count;
/** Places handed out to the objects of the record being read (the record's own come first). */
static u32 places_used;
/** Values met for the first time in the last record: place, table, number (the caller makes their strings). */
static u32 fresh[MAX_PLACES * 3];
static u32 fresh_count;

EXPORT("out_address") u32 out_address(void) { return (u32)out; }
EXPORT("fresh_address") u32 fresh_address(void) { return (u32)fresh; }
EXPORT("fresh_found") u32 fresh_found(void) { return fresh_count; }

/** Whether [p, end) of the window holds only ASCII bytes. */
EXPORT("all_ascii") u32 all_ascii(const u8 *p, const u8 *end) {
  v128_t high = wasm_i8x16_splat(0);
  for (; p + 16 <= end; p += 16) high = wasm_v128_or(high, wasm_v128_load(p));
  u32 rest = 0;
  for (; p < end; p++) rest |= *p;
  return wasm_i8x16_bitmask(high) == 0 && rest < 0x80;
}

// Memory past the static data: the caller's window, then the tables of numbered values (reset together).
static u32 heap_top;
static u32 tables_from;

typedef struct {
  u32 hash;
  u32 at;
  u32 length;
  u32 number;
} Entry;

typedef struct {
  Entry *entries;
  u32 capacity;
  u32 count;
  /** Lookups and new values since the last check of how often values repeat. */
  u32 lookups;
  u32 misses;
} Table;

/**
 * Entries a lookup steps over at most. The hash is not keyed, so a hostile log could write values whose hashes collide
 * and make every lookup walk them all (quadratic in the values); past this, a value is not numbered (JavaScript
 * decodes it, as it does a value seen once) and the table stays as fast as its other values make it.
 */
#define MAX_PROBES 32

/**
 * Lookups between checks; a member whose values were new more than a quarter of the time stops numbering them: a new
 * value costs a lookup, a copy and a table entry, and a member that stays numbered fills the tables sooner (when they are
 * forgotten, every member meets its values anew). At a half, principal ids and object keys (a quarter new in the
 * generator's records) stayed numbered; at a quarter one-thread ctlens stats took 7.78-7.84 s against 7.95-8.04 s on the
 * generator's million events, 16.0 s against 16.4-17.2 s on large records, 9.0-9.1 s against 9.3-9.4 s on 10,000 small
 * files (2026-11-30); at an eighth, no faster.
 */
#define SHARING_CHECK 4096

static Table tables[MAX_SCHEMAS * MAX_KEYS];

static u32 grow_to(u32 end) {
  u32 have = (u32)__builtin_wasm_memory_size(0) * 65536u;
  if (end <= have) return 1;
  u32 pages = (end - have + 65535u) / 65536u;
  return __builtin_wasm_memory_grow(0, pages) != (unsigned long)-1;
}

/** `bytes` of zeroed memory aligned to 16, or 0 when the memory cannot grow. */
static u32 allocate(u32 bytes) {
  u32 at = (heap_top + 15u) & ~15u;
  if (at + bytes < at || !grow_to(at + bytes)) return 0;
  heap_top = at + bytes;
  __builtin_memset((u8 *)at, 0, bytes);
  return at;
}

EXPORT("tables_reset") void tables_reset(void);

/** The caller's window of `bytes` (plus 64 bytes that vector loads may read past its end); its address, or 0. */
EXPORT("window_allocate") u32 window_allocate(u32 bytes) {
  if (heap_top == 0) heap_top = (u32)&__heap_base;
  u32 at = allocate(bytes + 64);
  tables_from = heap_top;
  tables_reset();
  return at;
}

/** Forgets every numbered value (the memory they took is reused). */
EXPORT("tables_reset") void tables_reset(void) {
  heap_top = tables_from;
  for (u32 t = 0; t < MAX_SCHEMAS * MAX_KEYS; t++) tables[t] = (Table){0, 0, 0, 0, 0};
  for (u32 s = 0; s < MAX_SCHEMAS; s++)
    for (u32 k = 0; k < MAX_KEYS; k++) schemas[s].keys[k].numbered = schemas[s].keys[k].wanted;
}

/** Bytes the tables of numbered values take. */
EXPORT("tables_bytes") u32 tables_bytes(void) { return heap_top - tables_from; }

static u32 hash_bytes(const u8 *p, u32 length) {
  u64 h = 0x9e3779b97f4a7c15ULL ^ length;
  u32 i = 0;
  for (; i + 8 <= length; i += 8) {
    u64 word;
    __builtin_memcpy(&word, p + i, 8);
    h = (h ^ word) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  u64 tail = 0;
  for (u32 k = 0; i + k < length; k++) tail |= (u64)p[i + k] << (8 * k);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 29;
  return (u32)h;
}

static int same_bytes(const u8 *a, const u8 *b, u32 length) {
  u32 i = 0;
  for (; i + 8 <= length; i += 8) {
    u64 x, y;
    __builtin_memcpy(&x, a + i, 8);
    __builtin_memcpy(&y, b + i, 8);
    if (x != y) return 0;
  }
  for (; i < length; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/** Starts the next schema; its number, or NO_SCHEMA when there are too many. */
EXPORT("schema_add") u32 schema_add(void) { return schema_count < MAX_SCHEMAS ? schema_count++ : NO_SCHEMA; }

/**
 * Adds the next key (its bytes at `at`) to `schema`: `object_schema` reads its object value, `elements_schema` each
 * element of its array value (NO_SCHEMA: neither). 0 when the table is full.
 */
EXPORT("key_add")
u32 key_add(u32 schema, const u8 *at, u32 length, u32 numbered, u32 object_schema, u32 elements_schema) {
  if (schema >= schema_count) return 0;
  Schema *table = &schemas[schema];
  if (table->count >= MAX_KEYS || key_used + length > MAX_KEY_BYTES || length == 0) return 0;
  u32 k = table->count++;
  __builtin_memcpy(key_bytes + key_used, at, length);
  table->keys[k] = (Key){key_used, length, (u8)object_schema, (u8)elements_schema, numbered != 0, numbered != 0};
  key_used += length;
  u32 bucket = hash_bytes(at, length) & (KEY_BUCKETS - 1);
  while (table->bucket[bucket] != 0) bucket = (bucket + 1) & (KEY_BUCKETS - 1);
  table->bucket[bucket] = (u8)(k + 1);
  return 1;
}

/** The key of [at, at + length) in the schema, or MAX_KEYS when it is not there. */
static u32 key_of(const Schema *table, const u8 *at, u32 length) {
  u32 bucket = hash_bytes(at, length) & (KEY_BUCKETS - 1);
  for (;;) {
    u32 entry = table->bucket[bucket];
    if (entry == 0) return MAX_KEYS;
    u32 k = entry - 1;
    const Key *key = &table->keys[k];
    if (key->key_length == length && same_bytes(key_bytes + key->key_at, at, length)) return k;
    bucket = (bucket + 1) & (KEY_BUCKETS - 1);
  }
}

static int table_grow(Table *table) {
  u32 capacity = table->capacity == 0 ? 256 : table->capacity * 2;
  Entry *entries = (Entry *)allocate(capacity * sizeof(Entry));
  if (entries == 0) return 0;
  for (u32 i = 0; i < table->capacity; i++) {
    Entry old = table->entries[i];
    if (old.length == 0) continue;
    u32 at = old.hash & (capacity - 1);
    while (entries[at].length != 0) at = (at + 1) & (capacity - 1);
    entries[at] = old;
  }
  table->entries = entries;
  table->capacity = capacity;
  return 1;
}

/** The number of the string value at [start, start + length) in table `t` (new ones listed in `fresh`). */
static u32 number_of(Key *key, u32 t, u32 place, const u8 *start, u32 length) {
  Table *table = &tables[t];
  if (length > MAX_NUMBERED_BYTES) return NO_NUMBER;
  if (++table->lookups == SHARING_CHECK) {
    if (table->misses * 4 > table->lookups) key->numbered = 0;
    table->lookups = 0;
    table->misses = 0;
  }
  u32 hash = hash_bytes(start, length);
  if (table->capacity != 0) {
    u32 mask = table->capacity - 1;
    u32 at = hash & mask;
    for (u32 step = 0;; step++, at = (at + 1) & mask) {
      if (step == MAX_PROBES) return NO_NUMBER;
      Entry *entry = &table->entries[at];
      if (entry->length == 0) break;
      if (entry->hash == hash && entry->length == length && same_bytes((const u8 *)entry->at, start, length)) return entry->number;
    }
  }
  table->misses++;
  if (table->count >= MAX_ENTRIES_PER_TABLE || heap_top - tables_from > MAX_TABLE_BYTES) return NO_NUMBER;
  if ((table->count + 1) * 2 > table->capacity && !table_grow(table)) return NO_NUMBER;
  u32 mask = table->capacity - 1;
  u32 at = hash & mask;
  for (u32 step = 0; table->entries[at].length != 0; step++, at = (at + 1) & mask)
    if (step == MAX_PROBES) return NO_NUMBER;
  u32 copy = allocate(length);
  if (copy == 0) return NO_NUMBER;
  __builtin_memcpy((u8 *)copy, start, length);
  u32 number = table->count++;
  table->entries[at] = (Entry){hash, copy, length, number};
  fresh[3 * fresh_count] = place;
  fresh[3 * fresh_count + 1] = t;
  fresh[3 * fresh_count + 2] = number;
  fresh_count++;
  return number;
}

// The parser: each function takes the position of a value's first byte and returns the position past it, or 0 when
// the text is not what JSON.parse surely accepts (positions are addresses in the window, never 0).

static const u8 *limit;
static u32 string_escaped;

/** Past the whitespace at `p`: none in compact text, runs of indentation 16 bytes at a time in pretty-printed text. */
static inline const u8 *skip_space(const u8 *p) {
  // Every byte JSON allows outside whitespace is above ' ' (one below it that is not whitespace stops the vector at once).
  if (p >= limit || *p > ' ') return p;
  // A lone space (after a colon in pretty-printed text) needs no vector.
  if (p + 1 < limit && p[1] > ' ' && *p == ' ') return p + 1;
  const v128_t space = wasm_i8x16_splat(' ');
  const v128_t newline = wasm_i8x16_splat('\n');
  const v128_t tab = wasm_i8x16_splat('\t');
  const v128_t ret = wasm_i8x16_splat('\r');
  for (;;) {
    // Bytes past the limit (the window has 64 more) are read but never skipped.
    v128_t block = wasm_v128_load(p);
    v128_t blank = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(block, space), wasm_i8x16_eq(block, newline)),
                                wasm_v128_or(wasm_i8x16_eq(block, tab), wasm_i8x16_eq(block, ret)));
    u32 mask = (u32)wasm_i8x16_bitmask(blank);
    if (mask != 0xffffu) {
      p += __builtin_ctz(~mask);
      return p < limit ? p : limit;
    }
    p += 16;
    if (p >= limit) return limit;
  }
}

static inline int is_hex(u8 c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

/** `p` at the opening quote. */
static const u8 *string_end(const u8 *p) {
  p++;
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t backslash = wasm_i8x16_splat('\\');
  const v128_t control = wasm_i8x16_splat(0x20);
  for (;;) {
    // The window has 64 bytes past its end, so a load near the limit stays in memory; what lies past the limit is
    // never taken as part of the string.
    v128_t block = wasm_v128_load(p);
    v128_t special = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(block, quote), wasm_i8x16_eq(block, backslash)),
                                  wasm_u8x16_lt(block, control));
    u32 mask = (u32)wasm_i8x16_bitmask(special);
    if (mask == 0) {
      p += 16;
      if (p >= limit) return 0;
      continue;
    }
    p += __builtin_ctz(mask);
    if (p >= limit) return 0;
    u8 c = *p;
    if (c == '"') return p + 1;
    if (c < 0x20) return 0;
    // A backslash: one of JSON's escapes.
    string_escaped = 1;
    if (p + 1 >= limit) return 0;
    u8 e = p[1];
    if (e == 'u') {
      if (p + 5 >= limit || !is_hex(p[2]) || !is_hex(p[3]) || !is_hex(p[4]) || !is_hex(p[5])) return 0;
      p += 6;
    } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
      p += 2;
    } else {
      return 0;
    }
  }
}

static const u8 *digits_end(const u8 *p) {
  const u8 *from = p;
  while (p < limit && *p >= '0' && *p <= '9') p++;
  return p == from ? 0 : p;
}

static const u8 *number_end(const u8 *p) {
  if (*p == '-') p++;
  if (p >= limit) return 0;
  if (*p == '0') {
    p++;
  } else {
    p = digits_end(p);
    if (p == 0) return 0;
  }
  if (p < limit && *p == '.') {
    p = digits_end(p + 1);
    if (p == 0) return 0;
  }
  if (p < limit && (*p | 0x20) == 'e') {
    p++;
    if (p < limit && (*p == '+' || *p == '-')) p++;
    p = digits_end(p);
    if (p == 0) return 0;
  }
  return p;
}

static const u8 *literal_end(const u8 *p, const char *word, u32 length) {
  if ((u32)(limit - p) < length) return 0;
  for (u32 i = 0; i < length; i++)
    if (p[i] != (u8)word[i]) return 0;
  return p + length;
}

static const u8 *value_end(const u8 *p, u32 depth);

/** `p` at '{' or '['. */
static const u8 *container_end(const u8 *p, u32 depth) {
  if (depth >= MAX_DEPTH) return 0;
  u8 close = *p == '{' ? '}' : ']';
  int object = close == '}';
  p = skip_space(p + 1);
  if (p < limit && *p == close) return p + 1;
  for (;;) {
    if (p >= limit) return 0;
    if (object) {
      if (*p != '"') return 0;
      p = string_end(p);
      if (p == 0) return 0;
      p = skip_space(p);
      if (p >= limit || *p != ':') return 0;
      p = skip_space(p + 1);
      if (p >= limit) return 0;
    }
    p = value_end(p, depth + 1);
    if (p == 0) return 0;
    p = skip_space(p);
    if (p >= limit) return 0;
    if (*p == close) return p + 1;
    if (*p != ',') return 0;
    p = skip_space(p + 1);
  }
}

static const u8 *value_end(const u8 *p, u32 depth) {
  switch (*p) {
    case '"': return string_end(p);
    case '{':
    case '[': return container_end(p, depth);
    case 't': return literal_end(p, "true", 4);
    case 'f': return literal_end(p, "false", 5);
    case 'n': return literal_end(p, "null", 4);
    default: return (*p == '-' || (*p >= '0' && *p <= '9')) ? number_end(p) : 0;
  }
}

static u32 kind_of(u8 first) {
  switch (first) {
    case '"': return KIND_STRING;
    case '{': return KIND_OBJECT;
    case '[': return KIND_ARRAY;
    case 't': return KIND_TRUE;
    case 'f': return KIND_FALSE;
    case 'n': return KIND_NULL;
    default: return KIND_NUMBER;
  }
}

/** Places `count` in a row for an object of `schema`; the first, or MAX_PLACES when `out` is full. */
static u32 places_for(u32 schema) {
  u32 count = schemas[schema].count;
  if (places_used + count > MAX_PLACES) return MAX_PLACES;
  u32 first = places_used;
  places_used += count;
  return first;
}

static const u8 *object_read(u32 schema, u32 first, const u8 *p, u32 depth);

/**
 * Reads the array at `p` whose elements are objects of `schema` (a schema without objects of its own), one row of
 * places each from `*first_place` on; `*count` is their count, or NO_NUMBER when an element is not an object or the
 * places ran out (the array is then only checked, and JSON.parse makes its value). The position past it, or 0.
 */
static const u8 *elements_read(u32 schema, const u8 *p, u32 depth, u32 *first_place, u32 *count) {
  const u8 *open = p;
  *first_place = places_used;
  *count = 0;
  if (depth >= MAX_DEPTH) return 0;
  p = skip_space(p + 1);
  if (p < limit && *p == ']') return p + 1;
  for (;;) {
    if (p >= limit) return 0;
    u32 first = *p == '{' ? places_for(schema) : MAX_PLACES;
    if (first == MAX_PLACES) {
      // The places taken stay taken: a place is written once per record.
      *count = NO_NUMBER;
      return value_end(open, depth);
    }
    p = object_read(schema, first, p, depth + 1);
    if (p == 0) return 0;
    (*count)++;
    p = skip_space(p);
    if (p >= limit) return 0;
    if (*p == ']') return p + 1;
    if (*p != ',') return 0;
    p = skip_space(p + 1);
  }
}

/**
 * Reads the object at `p` (its '{') with `schema`, its members at places `first`…: returns the position past it, or 0
 * when JSON.parse must read the record (bad JSON, an escaped key, a member named twice, too deep).
 */
static const u8 *object_read(u32 schema, u32 first, const u8 *p, u32 depth) {
  if (depth >= MAX_DEPTH) return 0;
  Schema *table = &schemas[schema];
  p = skip_space(p + 1);
  if (p < limit && *p == '}') return p + 1;
  for (;;) {
    if (p >= limit || *p != '"') return 0;
    const u8 *key_start = p + 1;
    string_escaped = 0;
    p = string_end(p);
    if (p == 0 || string_escaped) return 0;
    u32 k = key_of(table, key_start, (u32)(p - 1 - key_start));
    p = skip_space(p);
    if (p >= limit || *p != ':') return 0;
    p = skip_space(p + 1);
    if (p >= limit) return 0;
    const u8 *value = p;
    if (k == MAX_KEYS) {
      p = value_end(p, depth + 1);
      if (p == 0) return 0;
    } else {
      Key *key = &table->keys[k];
      u32 place = first + k;
      u32 *found = &out[4 * place];
      // A member named twice: JSON.parse keeps the last, and says nothing; let it.
      if (found[0] != ABSENT) return 0;
      u32 kind = kind_of(*value);
      u32 number = NO_NUMBER;
      if (kind == KIND_OBJECT && key->object_schema != NO_SCHEMA) {
        u32 inner = places_for(key->object_schema);
        if (inner != MAX_PLACES) {
          p = object_read(key->object_schema, inner, p, depth + 1);
          kind += PLACED;
          number = inner;
        } else {
          p = value_end(p, depth + 1);
        }
      } else if (kind == KIND_ARRAY && key->elements_schema != NO_SCHEMA) {
        u32 count;
        p = elements_read(key->elements_schema, p, depth + 1, &number, &count);
        if (p != 0 && count != NO_NUMBER) {
          kind += PLACED;
          // An array's place holds its elements' count where a value's end would be.
          found[1] = (u32)value;
          found[2] = count;
          found[3] = number;
          found[0] = kind;
          written[written_count++] = place;
          goto next;
        }
        number = NO_NUMBER;
      } else {
        string_escaped = 0;
        p = value_end(p, depth + 1);
        if (kind == KIND_STRING && string_escaped) kind += ESCAPED;
        if (p != 0 && kind != ABSENT && (kind & 7) == KIND_STRING && key->numbered)
          number = number_of(key, schema * MAX_KEYS + k, place, value, (u32)(p - value));
      }
      if (p == 0) return 0;
      found[0] = kind;
      found[1] = (u32)value;
      found[2] = (u32)p;
      found[3] = number;
      written[written_count++] = place;
    }
  next:
    p = skip_space(p);
    if (p >= limit) return 0;
    if (*p == '}') return p + 1;
    if (*p != ',') return 0;
    p = skip_space(p + 1);
  }
}

/** Readies `out` and the counts for another record: the places the last one wrote are cleared. */
static void record_begin(void) {
  for (u32 i = 0; i < written_count; i++) out[4 * written[i]] = ABSENT;
  written_count = 0;
  fresh_count = 0;
  places_used = 0;
}

/** Where the record read_object read last ends (past its '}'). */
static const u8 *object_end = 0;

/**
 * Reads the object that starts at `start` (its '{') of a window that ends at `window_end` with `schema` as its root, its
 * end found by reading it (object_end_at): a log's records are read without a first pass for their ranges. FAST: the
 * text from `start` holds one JSON object and `out` holds its members (places 0… for the root's keys, in their order),
 * FAST also listing in `fresh` the values numbered for the first time; SLOW: JSON.parse must read it, or it does not
 * end inside the window (`fresh` still lists the values numbered before the record was given up, which the caller must
 * make all the same).
 */
static u32 object_as(const u8 *start, const u8 *window_end, u32 schema) {
  record_begin();
  if (schema >= schema_count || start >= window_end || *start != '{') return SLOW;
  limit = window_end;
  const u8 *p = object_read(schema, places_for(schema), start, 0);
  if (p == 0) return SLOW;
  object_end = p;
  return FAST;
}

/** Reads the record that starts at `start` with schema 0 (object_as). */
EXPORT("read_object") u32 read_object(const u8 *start, const u8 *window_end) { return object_as(start, window_end, 0); }

/**
 * Reads the record at [start, end) of the window (its first byte '{', its last '}') with `schema` as its root, all of it
 * one object: schema 0 for every record, another for a record the caller needs more of (a credential-issuing call,
 * read a second time instead of parsed whole).
 */
EXPORT("read_as") u32 read_as(const u8 *start, const u8 *end, u32 schema) {
  if (object_as(start, end, schema) != FAST) return SLOW;
  return skip_space(object_end) == end ? FAST : SLOW;
}

EXPORT("object_end_at") u32 object_end_at(void) { return (u32)object_end; }
