// The part of the C ABI the two PE-array wrappers share (cosim_wrapper.cpp over pe_array,
// os_cosim_wrapper.cpp over os_array): port packing, the clock, reset, outputs and the VCD.
//
// A wrapper includes its Verilated top's header, names the top `SimTop`, defines SIM_TOP_NAME (its
// instance name in a VCD) and then includes this file; it defines the two hooks declared below and its
// own mode and input functions. Both tops have clk, rst, zero_gating_en and the same outputs: psum_out,
// psum_valid_out and the MAC counters, so everything here is written once.
//
// One shared library per configuration: the build passes the array's shape as -DSIM_ROWS, -DSIM_COLS and
// -DSIM_WIDTH (matching verilator -G parameters) and compiles everything with -fvisibility=hidden, so only
// the sim_pe_* and sim_os_* functions are exported and two configurations loaded into one process cannot
// resolve each other's Verilator runtime symbols.
//
// Ports go across as plain arrays, one element per PE row or column: operands as int16 (the library keeps
// the low SIM_WIDTH bits; the caller checks the range), valid bits as bytes, the MAC counters as uint32.
// The static mode inputs are set by the wrapper's mode function and held, through resets, until the next
// call.
//
// Timing: sim_pe_step is one clock cycle, clk low (inputs settle) then the rising edge. A VCD, when open,
// gets the low phase at time 10e - 5 and the edge at 10e, e counting every edge since sim_pe_create (reset
// edges included).

#pragma once

#include "verilated.h"
#include "verilated_vcd_c.h"
#ifdef SIM_COVERAGE
#include "verilated_cov.h"
#endif

#include <cstdint>
#include <memory>
#include <type_traits>

#if !defined(SIM_ROWS) || !defined(SIM_COLS) || !defined(SIM_WIDTH)
#error "build with -DSIM_ROWS, -DSIM_COLS and -DSIM_WIDTH equal to the array's ROWS, COLS and WIDTH"
#endif

#define SIM_API extern "C" __attribute__((visibility("default")))

namespace {

constexpr int kAccWidth = 32;
constexpr int WordsFor(int bits) { return (bits + 31) / 32; }

// Verilator maps a port to CData/SData/IData/QData up to 64 bits and VlWide<N> beyond;
// these copy a little-endian array of 32-bit words in or out of either kind.
template <typename Port>
void StoreWords(Port& port, const uint32_t* words) {
    static_assert(std::is_integral_v<Port>);
    uint64_t value = words[0];
    if constexpr (sizeof(Port) > 4) value |= static_cast<uint64_t>(words[1]) << 32;
    port = static_cast<Port>(value);
}
template <std::size_t N>
void StoreWords(VlWide<N>& port, const uint32_t* words) {
    for (std::size_t i = 0; i < N; ++i) port[i] = words[i];
}
template <typename Port>
void LoadWords(const Port& port, uint32_t* words) {
    static_assert(std::is_integral_v<Port>);
    const uint64_t value = port;
    words[0] = static_cast<uint32_t>(value);
    if constexpr (sizeof(Port) > 4) words[1] = static_cast<uint32_t>(value >> 32);
}
template <std::size_t N>
void LoadWords(const VlWide<N>& port, uint32_t* words) {
    for (std::size_t i = 0; i < N; ++i) words[i] = port[i];
}

// The `width` bits at bit `lsb` of a word array.
uint32_t GetBits(const uint32_t* words, int lsb, int width) {
    uint64_t field = words[lsb / 32] >> (lsb % 32);
    if ((lsb % 32) + width > 32) field |= static_cast<uint64_t>(words[lsb / 32 + 1]) << (32 - lsb % 32);
    return static_cast<uint32_t>(field & (width == 32 ? ~0u : (1u << width) - 1u));
}

// Writes the low `width` bits of value at bit `lsb` of a zeroed word array.
void PutBits(uint32_t* words, int lsb, int width, uint32_t value) {
    const uint64_t field = static_cast<uint64_t>(value & (width == 32 ? ~0u : (1u << width) - 1u)) << (lsb % 32);
    words[lsb / 32] |= static_cast<uint32_t>(field);
    if ((lsb % 32) + width > 32) words[lsb / 32 + 1] |= static_cast<uint32_t>(field >> 32);
}

// The widest bus either array has, in bits: 2:4 activation groups (four operands a row) or the sums.
constexpr int kMaxBusBits = SIM_ROWS * 4 * SIM_WIDTH > SIM_COLS * kAccWidth ? SIM_ROWS * 4 * SIM_WIDTH : SIM_COLS * kAccWidth;

// Drives a bus with one element per row or column, element i at bits [i*width +: width], its low `width`
// bits; null elements drive zeros.
template <typename Port, typename Element>
void StoreBus(Port& port, const Element* elements, int count, int width) {
    uint32_t words[WordsFor(kMaxBusBits)] = {};
    if (elements)
        for (int i = 0; i < count; ++i) PutBits(words, i * width, width, static_cast<std::make_unsigned_t<Element>>(elements[i]));
    StoreWords(port, words);
}

// Reads SIM_COLS counters of SIM_COUNT_WIDTH bits each, column c at bits [c*SIM_COUNT_WIDTH +: SIM_COUNT_WIDTH].
template <typename Port>
void LoadCounters(const Port& port, uint32_t* counts) {
    uint32_t words[WordsFor(SIM_COLS * 32)] = {};
    LoadWords(port, words);
    for (int c = 0; c < SIM_COLS; ++c) counts[c] = GetBits(words, c * SIM_COUNT_WIDTH, SIM_COUNT_WIDTH);
}

template <typename Port>
void StoreZeros(Port& port) {
    const uint32_t zeros[WordsFor(kMaxBusBits)] = {};
    StoreWords(port, zeros);
}

// The wrapper's hooks: every per-cycle input to its idle value (no valid operand, no load or drain), and
// every mode input low.
void DriveIdle(SimTop& top);
void ClearModes(SimTop& top);

}  // namespace

struct SimPeArray {
    std::unique_ptr<VerilatedContext> context;
    std::unique_ptr<SimTop> top;
    std::unique_ptr<VerilatedVcdC> trace;
    uint64_t edges = 0;

    void Dump(uint64_t time) {
        if (trace) trace->dump(time);
    }

    void Edge() {
        top->clk = 0;
        top->eval();
        Dump(10 * edges + 5);
        ++edges;
        top->clk = 1;
        top->eval();
        Dump(10 * edges);
    }
};

// A new array in an unknown state: call sim_pe_reset before driving it.
SIM_API SimPeArray* sim_pe_create() {
    auto* array = new SimPeArray();
    array->context = std::make_unique<VerilatedContext>();
    // Tracing must be allowed before the model exists, or a later sim_pe_trace_open cannot attach.
    array->context->traceEverOn(true);
    array->top = std::make_unique<SimTop>(array->context.get(), SIM_TOP_NAME);
    ClearModes(*array->top);
    return array;
}

SIM_API void sim_pe_destroy(SimPeArray* array) {
    if (array->trace) array->trace->close();
    array->top->final();
    delete array;
}

// The shape this library was built for, so the binding can refuse a mismatched library.
SIM_API void sim_pe_config(int32_t* rows, int32_t* cols, int32_t* width) {
    *rows = SIM_ROWS;
    *cols = SIM_COLS;
    *width = SIM_WIDTH;
}

// One edge with rst high and every per-cycle input idle: clears every register, as the C# models' Reset.
// The mode inputs keep their values (the models' Reset keeps their features too).
SIM_API void sim_pe_reset(SimPeArray* array) {
    DriveIdle(*array->top);
    array->top->rst = 1;
    array->Edge();
    array->top->rst = 0;
}

// One clock cycle with the inputs last set.
SIM_API void sim_pe_step(SimPeArray* array) { array->Edge(); }

// Reads psum_out[SIM_COLS] and psum_valid_out[SIM_COLS] as registered at the last edge, and, when
// mac_active_out is not null, the MAC counters mac_active_out, mac_gated_out and mac_repeated_out[SIM_COLS].
SIM_API void sim_pe_read_outputs(SimPeArray* array, int32_t* psum_out, uint8_t* psum_valid_out,
                                 uint32_t* mac_active_out, uint32_t* mac_gated_out, uint32_t* mac_repeated_out) {
    const SimTop& top = *array->top;
    uint32_t sums[WordsFor(SIM_COLS * kAccWidth)];
    LoadWords(top.psum_out, sums);
    uint32_t valid[WordsFor(SIM_COLS)];
    LoadWords(top.psum_valid_out, valid);
    for (int c = 0; c < SIM_COLS; ++c) {
        psum_out[c] = static_cast<int32_t>(sums[c]);
        psum_valid_out[c] = (valid[c / 32] >> (c % 32)) & 1u;
    }
    if (!mac_active_out) return;
    LoadCounters(top.mac_active_out, mac_active_out);
    LoadCounters(top.mac_gated_out, mac_gated_out);
    LoadCounters(top.mac_repeated_out, mac_repeated_out);
}

// Starts a VCD of every signal at `path` from the next edge on. Returns 0, or -1 if one is open.
SIM_API int32_t sim_pe_trace_open(SimPeArray* array, const char* path) {
    if (array->trace) return -1;
    array->trace = std::make_unique<VerilatedVcdC>();
    array->top->trace(array->trace.get(), 99);
    array->trace->open(path);
    return 0;
}

SIM_API void sim_pe_trace_close(SimPeArray* array) {
    if (!array->trace) return;
    array->trace->close();
    array->trace.reset();
}

// Writes the line and toggle coverage counted since the array was created to `path` (Verilator's coverage
// data format, as verilator_coverage reads it). Returns 0, or -1 from a build without coverage.
SIM_API int32_t sim_pe_coverage_write(SimPeArray* array, const char* path) {
#ifdef SIM_COVERAGE
    array->context->coveragep()->write(path);
    return 0;
#else
    (void)array;
    (void)path;
    return -1;
#endif
}
