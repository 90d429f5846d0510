// The byte range of each element of a JSON array (a log's "Records"), found 64 bytes at a time with WebAssembly's
// 128-bit SIMD: the job of jsonBytes.ts's forEachElement + skipValue, five times faster. The JavaScript scanner
// stays the authority: this one stops (FAIL) at anything it is not sure to read the same way (a backslash outside a
// string, an element that is not an object or array, a separator that is not a comma, the text ending first), and
// the caller then scans the array again in JavaScript, which reports the problem where it is.
//
// Strings are found as in simdjson (Langdale and Lemire, "Parsing Gigabytes of JSON per Second", 2019): a bit per
// byte for quotes and backslashes, the bytes escaped by an odd run of backslashes removed from the quotes, and the
// bytes inside strings as the prefix XOR of the quotes that remain. The same parity rule as skipString (an even run
// of backslashes before a quote leaves it unescaped). Brackets outside strings then set the depth, as in skipValue:
// '{' and '[' open, '}' and ']' close, whichever opened (JSON.parse rejects a mismatch later, record by record).
//
// Build: npm run build:wasm (clang's wasm32 target, Debian's clang and lld), which writes src/core/load/recordScanWasm.ts.

#include <wasm_simd128.h>

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

enum Status { DONE = 0, NEED_MORE = 1, FAIL = 2 };
enum State { EXPECT_FIRST, EXPECT_ELEMENT, IN_ELEMENT, EXPECT_SEPARATOR };

// The scan's state between blocks and between chunks: one array at a time per instance.
static u64 prev_escaped;
static u64 prev_in_string;
static enum State state;
static u32 depth;
static u32 element_start;
static u32 array_end;
static u32 found;

#define EXPORT(name) __attribute__((export_name(name)))

EXPORT("scan_start") void scan_start(void) {
  prev_escaped = 0;
  prev_in_string = 0;
  state = EXPECT_FIRST;
  depth = 0;
}

/** The offset just past the array's ']' after DONE. */
EXPORT("scan_array_end") u32 scan_array_end(void) { return array_end; }

/** How many (start, end) pairs the last scan_chunk wrote. */
EXPORT("scan_found") u32 scan_found(void) { return found; }

static inline u64 bits_equal(const v128_t *block, u8 byte) {
  v128_t wanted = wasm_i8x16_splat((char)byte);
  return (u64)wasm_i8x16_bitmask(wasm_i8x16_eq(block[0], wanted)) |
         (u64)wasm_i8x16_bitmask(wasm_i8x16_eq(block[1], wanted)) << 16 |
         (u64)wasm_i8x16_bitmask(wasm_i8x16_eq(block[2], wanted)) << 32 |
         (u64)wasm_i8x16_bitmask(wasm_i8x16_eq(block[3], wanted)) << 48;
}

static inline u64 prefix_xor(u64 bits) {
  bits ^= bits << 1;
  bits ^= bits << 2;
  bits ^= bits << 4;
  bits ^= bits << 8;
  bits ^= bits << 16;
  bits ^= bits << 32;
  return bits;
}

/** The bytes escaped by a backslash (simdjson's branchless form), carrying an escape across blocks. */
static inline u64 escaped_bytes(u64 backslash) {
  const u64 even_bits = 0x5555555555555555ULL;
  backslash &= ~prev_escaped;
  u64 follows_escape = backslash << 1 | prev_escaped;
  u64 odd_sequence_starts = backslash & ~even_bits & ~follows_escape;
  u64 sequences_starting_on_even_bits = odd_sequence_starts + backslash;
  prev_escaped = sequences_starting_on_even_bits < backslash;
  u64 invert_mask = sequences_starting_on_even_bits << 1;
  return (even_bits ^ invert_mask) & follows_escape;
}

/**
 * Scans `length` bytes at `chunk`, which are the text's bytes from offset `base` on (the first chunk starts just
 * after the array's '['). The caller pads the last chunk with spaces to a multiple of 64. Writes each element that
 * ends in this chunk to `out` as (start, end) offsets in the text, at most one per two bytes plus one.
 */
EXPORT("scan_chunk") enum Status scan_chunk(const u8 *chunk, u32 length, u32 base, u32 *out) {
  found = 0;
  for (u32 block_start = 0; block_start < length; block_start += 64) {
    v128_t block[4];
    v128_t folded[4];
    for (int i = 0; i < 4; i++) {
      block[i] = wasm_v128_load(chunk + block_start + 16 * i);
      // '[' and '{' differ by 0x20 only, as ']' and '}' do.
      folded[i] = wasm_v128_or(block[i], wasm_i8x16_splat(0x20));
    }
    u64 backslash = bits_equal(block, '\\');
    u64 quote = bits_equal(block, '"') & ~escaped_bytes(backslash);
    u64 in_string = prefix_xor(quote) ^ prev_in_string;
    prev_in_string = (u64)((long long)in_string >> 63);
    u64 opens = bits_equal(folded, '{') & ~in_string;
    u64 closes = bits_equal(folded, '}') & ~in_string;
    u64 whitespace = bits_equal(block, ' ') | bits_equal(block, '\n') | bits_equal(block, '\r') | bits_equal(block, '\t');
    u64 stray_backslash = backslash & ~in_string;
    if (state == IN_ELEMENT && stray_backslash == 0) {
      // Most blocks are inside one record: when they cannot close it, only the depth changes.
      u32 closing = (u32)__builtin_popcountll(closes);
      if (closing < depth) {
        depth = depth + (u32)__builtin_popcountll(opens) - closing;
        continue;
      }
    }
    u64 unvisited = ~0ULL;
    for (;;) {
      u64 next = (state == IN_ELEMENT ? opens | closes : ~whitespace) | stray_backslash;
      next &= unvisited;
      if (next == 0) break;
      u32 bit = (u32)__builtin_ctzll(next);
      unvisited = bit == 63 ? 0 : ~0ULL << (bit + 1);
      u32 at = block_start + bit;
      if (at >= length) break;
      u8 byte = chunk[at];
      u32 offset = base + at;
      if (byte == '\\') return FAIL;
      if (state == IN_ELEMENT) {
        if ((byte | 0x20) == '{') {
          depth++;
        } else if (--depth == 0) {
          out[2 * found] = element_start;
          out[2 * found + 1] = offset + 1;
          found++;
          state = EXPECT_SEPARATOR;
        }
      } else if (state == EXPECT_SEPARATOR) {
        if (byte == ',') {
          state = EXPECT_ELEMENT;
        } else if (byte == ']') {
          array_end = offset + 1;
          return DONE;
        } else {
          return FAIL;
        }
      } else if ((byte | 0x20) == '{') {
        element_start = offset;
        depth = 1;
        state = IN_ELEMENT;
      } else if (byte == ']' && state == EXPECT_FIRST) {
        array_end = offset + 1;
        return DONE;
      } else {
        return FAIL;
      }
    }
  }
  return NEED_MORE;
}
