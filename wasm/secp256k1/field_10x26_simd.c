/*
 * libsecp256k1's field multiplication and squaring for WebAssembly, with 128-bit SIMD. They take
 * the place of the library's portable 10x26 code through its USE_EXTERNAL_ASM hook
 * (tools/wasm-deps builds the library that way).
 *
 * Why: wasm has no 64x64->128-bit product, so the library uses its field of ten 26-bit limbs
 * there; the 100 32x32->64-bit products of a multiplication are most of a signature check.
 * i64x2.extmul_low/high_i32x4_u makes two at once.
 *
 * How: with pair(x, i) = (x[i], x[9-i]), the product of pair(a, i) and pair(b, j) is
 * (a[i] b[j], a[9-i] b[9-j]): a term of column i + j and one of column 18 - i - j. Those two
 * columns have as many terms, so they share one i64x2 sum; column 9 is the two lanes of its own.
 * The nineteen column sums are then reduced with exactly the operations of the library's
 * secp256k1_fe_mul_inner (field_10x26_impl.h), on the same values: the result is the library's,
 * bit for bit. tools/wasm-deps checks that (field_10x26_simd_check.c) and runs the library's own
 * tests on this code before it keeps the build.
 *
 * Bounds are the library's: limbs below 2^30 (magnitude 8), the top one below 2^26. A column sum
 * has at most ten products below 2^60, so it fits its 64-bit lane as it fits the library's sums.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define INLINE static inline __attribute__((always_inline))

/* pairs[j] = (x[2j], x[9-2j], x[2j+1], x[8-2j]): pair(x, i) is the low half of pairs[i/2] for
 * an even i, the high half for an odd one. */
INLINE void load_pairs(v128_t pairs[5], const uint32_t *x) {
    const v128_t lo = wasm_v128_load(x), mid = wasm_v128_load(x + 4), hi = wasm_v128_load64_zero(x + 8);
    const v128_t down_hi = wasm_i32x4_shuffle(hi, mid, 1, 0, 7, 6);   /* x9 x8 x7 x6 */
    const v128_t down_mid = wasm_i32x4_shuffle(mid, lo, 1, 0, 7, 6);  /* x5 x4 x3 x2 */
    pairs[0] = wasm_i32x4_shuffle(lo, down_hi, 0, 4, 1, 5);
    pairs[1] = wasm_i32x4_shuffle(lo, down_hi, 2, 6, 3, 7);
    pairs[2] = wasm_i32x4_shuffle(mid, down_mid, 0, 4, 1, 5);
    pairs[3] = wasm_i32x4_shuffle(mid, down_mid, 2, 6, 3, 7);
    pairs[4] = wasm_i32x4_shuffle(hi, lo, 0, 5, 1, 4);
}

/* pair(x, i) times pair(y, j), lane by lane. */
INLINE v128_t term(const v128_t *x, int i, const v128_t *y, int j) {
    v128_t yj = y[j >> 1];
    if ((i & 1) != (j & 1)) yj = wasm_i32x4_shuffle(yj, yj, 2, 3, 0, 1);  /* into x's half */
    return (i & 1) ? wasm_u64x2_extmul_high_u32x4(x[i >> 1], yj) : wasm_u64x2_extmul_low_u32x4(x[i >> 1], yj);
}

/* The terms (i, k - i) for i = first..last, added. */
INLINE v128_t terms(const v128_t *x, const v128_t *y, int k, int first, int last) {
    v128_t sum = term(x, first, y, k - first);
    _Pragma("clang loop unroll(full)")
    for (int i = first + 1; i <= last; ++i) sum = wasm_i64x2_add(sum, term(x, i, y, k - i));
    return sum;
}

/* The library's reduction of the column sums p0..p18 to ten limbs (magnitude 1), step for step:
 * columns 10..18 fold onto 0..9 as 2^260 = 0x1000003D10 = R1 * 2^26 + R0 (mod p). */
INLINE void reduce(uint32_t *r, const uint64_t p[19]) {
    const uint64_t M = 0x3FFFFFF, R0 = 0x3D10, R1 = 0x400;
    uint64_t c, d, u[9];
    uint32_t t[10];
    d = p[9];
    t[9] = d & M; d >>= 26;
    c = 0;
    _Pragma("clang loop unroll(full)")
    for (int k = 0; k < 8; ++k) {
        c += p[k]; d += p[k + 10];
        u[k] = d & M; d >>= 26; c += u[k] * R0;
        t[k] = c & M; c >>= 26; c += u[k] * R1;
    }
    c += p[8]; d += p[18];
    u[8] = d & M; d >>= 26; c += u[8] * R0;
    _Pragma("clang loop unroll(full)")
    for (int k = 3; k < 8; ++k) r[k] = t[k];
    r[8] = c & M; c >>= 26; c += u[8] * R1;
    c += d * R0 + t[9];
    r[9] = c & (M >> 4); c >>= 22; c += d * (R1 << 4);
    d = c * (R0 >> 4) + t[0];
    r[0] = d & M; d >>= 26;
    d += c * (R1 >> 4) + t[1];
    r[1] = d & M; d >>= 26;
    d += t[2];
    r[2] = d;
}

/* Column k is lane 0 of sums[k] and column 18 - k its lane 1 (k < 9); column 9 is sums[9]'s lanes. */
INLINE void reduce_sums(uint32_t *r, const v128_t sums[10]) {
    uint64_t p[19];
    _Pragma("clang loop unroll(full)")
    for (int k = 0; k < 9; ++k) {
        p[k] = wasm_u64x2_extract_lane(sums[k], 0);
        p[18 - k] = wasm_u64x2_extract_lane(sums[k], 1);
    }
    p[9] = wasm_u64x2_extract_lane(sums[9], 0) + wasm_u64x2_extract_lane(sums[9], 1);
    reduce(r, p);
}

/* r = a * b, as the library's secp256k1_fe_mul_inner (r may be a). */
void secp256k1_fe_mul_inner(uint32_t *r, const uint32_t *a, const uint32_t *b) {
    v128_t x[5], y[5], sums[10];
    load_pairs(x, a);
    load_pairs(y, b);
    _Pragma("clang loop unroll(full)")
    for (int k = 0; k < 9; ++k) sums[k] = terms(x, y, k, 0, k);
    sums[9] = terms(x, y, 9, 0, 4);  /* i = 5..9 are the same products, in the other lane */
    reduce_sums(r, sums);
}

/* r = a * a, as the library's secp256k1_fe_sqr_inner (r may be a). */
void secp256k1_fe_sqr_inner(uint32_t *r, const uint32_t *a) {
    v128_t x[5], twice[5], sums[10];
    load_pairs(x, a);
    _Pragma("clang loop unroll(full)")
    for (int j = 0; j < 5; ++j) twice[j] = wasm_i32x4_shl(x[j], 1);  /* limbs below 2^30: fits */
    /* Column k: x[i] x[k-i] twice for i < k - i, and x[k/2] squared once. */
    _Pragma("clang loop unroll(full)")
    for (int k = 0; k < 9; ++k) {
        sums[k] = k % 2 ? wasm_i64x2_splat(0) : term(x, k / 2, x, k / 2);
        if (k > 0) sums[k] = wasm_i64x2_add(sums[k], terms(twice, x, k, 0, (k - 1) / 2));
    }
    sums[9] = terms(x, x, 9, 0, 4);  /* each lane holds x[i] x[9-i] once: together, twice */
    reduce_sums(r, sums);
}
