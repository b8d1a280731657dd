/*
 * Checks field_10x26_simd.c against libsecp256k1's own 10x26 multiplication and squaring: the
 * same ten limbs out, bit for bit, for random limbs anywhere in the library's bounds and for
 * their edges (0, the largest magnitude-8 limb, just below it). tools/wasm-deps builds it with the
 * library's source tree on the include path and the SIMD functions renamed simd_fe_*_inner, and
 * keeps no build that fails it. Exit status 0 when every result matched.
 */
#include <stdint.h>
#include <stdio.h>

#include "secp256k1.h"
#include "field_10x26_impl.h"

void simd_fe_mul_inner(uint32_t *r, const uint32_t *a, const uint32_t *b);
void simd_fe_sqr_inner(uint32_t *r, const uint32_t *a);

static uint64_t state = 0x9E3779B97F4A7C15u;

static uint64_t next(void) {  /* xorshift64: reproducible, enough for spreading inputs */
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

/* Ten limbs of magnitude at most 8 (limb < 16 * 2^26, the top one < 16 * 2^22), often at an edge. */
static void limbs(uint32_t x[10]) {
    for (int i = 0; i < 10; ++i) {
        const uint32_t max = i < 9 ? 16u * 0x3FFFFFFu : 16u * 0x3FFFFFu;
        const uint64_t bits = next();
        switch (bits & 7) {
            case 0: x[i] = 0; break;
            case 1: x[i] = max; break;
            case 2: x[i] = max - (uint32_t)(bits >> 3) % 256; break;
            default: x[i] = (uint32_t)((bits >> 3) % ((uint64_t)max + 1));
        }
    }
}

static int differ(const uint32_t x[10], const uint32_t y[10]) {
    for (int i = 0; i < 10; ++i)
        if (x[i] != y[i]) return 1;
    return 0;
}

int main(void) {
    const long rounds = 2000000;
    long mismatches = 0;
    uint32_t a[10], b[10], expected[10], got[10];
    for (long n = 0; n < rounds; ++n) {
        limbs(a);
        limbs(b);
        secp256k1_fe_mul_inner(expected, a, b);
        simd_fe_mul_inner(got, a, b);
        mismatches += differ(expected, got);
        secp256k1_fe_sqr_inner(expected, a);
        simd_fe_sqr_inner(got, a);
        mismatches += differ(expected, got);
    }
    printf("field_10x26_simd: %ld products and %ld squares, %ld not the library's\n", rounds, rounds, mismatches);
    return mismatches != 0;
}
