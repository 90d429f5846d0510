// One gzip member inflated into this module's memory, which the thread keeps from file to file: Node's zlib writes each
// file's text into a fresh buffer, and the pages of a fresh buffer fault in one at a time (on this project's test
// machines, 8–14 µs each: a million events' text, 1.3 GB, cost 1.5–2.4 s to gunzip that way, against 1.0 s here).
//
// The inflating is libdeflate's (wasm/libdeflate, v1.25, MIT licence: https://github.com/ebiggers/libdeflate), built
// freestanding. Only the member that ends exactly where its trailer starts, and whose text is the length the trailer
// says (RFC 1952 §2.3.1, https://www.rfc-editor.org/rfc/rfc1952#section-2.3.1), is taken here; anything else (several
// members, bytes after the member, damaged data) returns a failure, and the caller inflates the file with zlib, which
// reports the problem. The trailer's CRC-32 is checked by the caller (zlib.crc32, several times faster than
// libdeflate's table-driven CRC in WebAssembly, which has no carry-less multiply).
//
// Build: npm run build:wasm, which writes src/core/load/gunzipWasm.ts.

#include "libdeflate/libdeflate.h"

typedef unsigned char u8;
typedef unsigned int u32;

#define EXPORT(name) __attribute__((export_name(name)))

/** RFC 1952 §2.3: the fixed header, and the flags of its optional parts. */
enum { HEADER_BYTES = 10, TRAILER_BYTES = 8, FHCRC = 0x02, FEXTRA = 0x04, FNAME = 0x08, FCOMMENT = 0x10, FRESERVED = 0xe0 };

/** What gunzip returns when the member cannot be taken here (the caller's zlib path then reads the file). */
enum { NOT_HERE = -1 };

// The decompressor's tables (about 11 KB): the module's only allocation, made once.
static _Alignas(16) u8 decompressor_space[1 << 15];
static int decompressor_taken;

static void *take_space(size_t bytes) {
  if (decompressor_taken || bytes > sizeof decompressor_space) return 0;
  decompressor_taken = 1;
  return decompressor_space;
}

static void keep_space(void *space) { (void)space; }

static struct libdeflate_decompressor *decompressor(void) {
  static struct libdeflate_decompressor *made;
  if (made == 0) {
    struct libdeflate_options options = {sizeof options, take_space, keep_space};
    made = libdeflate_alloc_decompressor_ex(&options);
  }
  return made;
}

static u32 le32(const u8 *p) { return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24; }

/** Offset of the deflate data after the header at `in` (RFC 1952 §2.3), or 0 when the header is not one. */
static size_t data_start(const u8 *in, size_t size) {
  if (size < HEADER_BYTES + TRAILER_BYTES || in[0] != 0x1f || in[1] != 0x8b || in[2] != 8 || (in[3] & FRESERVED)) return 0;
  const u8 flags = in[3];
  size_t at = HEADER_BYTES;
  const size_t header_end = size - TRAILER_BYTES;
  if (flags & FEXTRA) {
    if (header_end - at < 2) return 0;
    at += 2 + ((size_t)in[at] | (size_t)in[at + 1] << 8);
    if (at > header_end) return 0;
  }
  for (int part = 0; part < 2; part++) {
    if (!(flags & (part == 0 ? FNAME : FCOMMENT))) continue;
    while (at < header_end && in[at] != 0) at++;
    if (at++ >= header_end) return 0;
  }
  if (flags & FHCRC) at += 2;
  return at <= header_end ? at : 0;
}

/**
 * Inflates the gzip member of `size` bytes at `in` into `out` (room for `room` bytes): its text's length, or NOT_HERE
 * when the member does not fill the bytes to its trailer exactly, its text is not the trailer's length, or the deflate
 * data is damaged.
 */
EXPORT("gunzip") int gunzip(const u8 *in, size_t size, u8 *out, size_t room) {
  struct libdeflate_decompressor *d = decompressor();
  const size_t start = data_start(in, size);
  if (d == 0 || start == 0) return NOT_HERE;
  const size_t data_bytes = size - TRAILER_BYTES - start;
  const u32 declared = le32(in + size - 4);
  if (declared > room || declared > 0x7fffffff) return NOT_HERE;
  size_t read = 0, written = 0;
  if (libdeflate_deflate_decompress_ex(d, in + start, data_bytes, out, declared, &read, &written) != LIBDEFLATE_SUCCESS) return NOT_HERE;
  return read == data_bytes && written == declared ? (int)written : NOT_HERE;
}
