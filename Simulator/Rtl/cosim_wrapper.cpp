// C ABI over the Verilated pe_array, for Sim's P/Invoke binding (Sim.Cosim.RtlLibrary).
//
// One shared library per configuration: the build passes the array's shape as -DSIM_ROWS,
// -DSIM_COLS and -DSIM_WIDTH (matching verilator -G parameters) and compiles everything with
// -fvisibility=hidden, so only the sim_pe_* functions below are exported and two configurations
// loaded into one process cannot resolve each other's Verilator runtime symbols.
//
// Ports go across as plain arrays, one element per PE row or column: operands as int16 (the
// library keeps the low SIM_WIDTH bits; the caller checks the range), valid bits as bytes.
//
// Timing: sim_pe_step is one clock cycle, clk low (inputs settle) then the rising edge. A VCD,
// when open, gets the low phase at time 10e - 5 and the edge at 10e, e counting every edge
// since sim_pe_create (reset edges included).

#include "Vpe_array.h"
#include "verilated.h"
#include "verilated_vcd_c.h"

#include <cstdint>
#include <memory>
#include <type_traits>

#if !defined(SIM_ROWS) || !defined(SIM_COLS) || !defined(SIM_WIDTH)
#error "build with -DSIM_ROWS, -DSIM_COLS and -DSIM_WIDTH equal to pe_array's ROWS, COLS and WIDTH"
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

// Writes the low `width` bits of value at bit `lsb` of a zeroed word array.
void PutBits(uint32_t* words, int lsb, int width, uint32_t value) {
    const uint64_t field = static_cast<uint64_t>(value & (width == 32 ? ~0u : (1u << width) - 1u)) << (lsb % 32);
    words[lsb / 32] |= static_cast<uint32_t>(field);
    if ((lsb % 32) + width > 32) words[lsb / 32 + 1] |= static_cast<uint32_t>(field >> 32);
}

}  // namespace

struct SimPeArray {
    std::unique_ptr<VerilatedContext> context;
    std::unique_ptr<Vpe_array> top;
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
    array->top = std::make_unique<Vpe_array>(array->context.get(), "pe_array");
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

// One edge with rst high and every other input low: clears every register, as the C# model's Reset.
SIM_API void sim_pe_reset(SimPeArray* array) {
    Vpe_array& top = *array->top;
    const uint32_t zeros[WordsFor((SIM_ROWS > SIM_COLS ? SIM_ROWS : SIM_COLS) * kAccWidth)] = {};
    top.weight_load_en = 0;
    StoreWords(top.weight_in, zeros);
    StoreWords(top.act_in, zeros);
    StoreWords(top.act_valid_in, zeros);
    top.rst = 1;
    array->Edge();
    top.rst = 0;
}

// Drives the input ports for the next edge: weight_in[SIM_COLS], act_in[SIM_ROWS], act_valid_in[SIM_ROWS].
SIM_API void sim_pe_set_inputs(SimPeArray* array, int32_t weight_load_en, const int16_t* weight_in,
                               const int16_t* act_in, const uint8_t* act_valid_in) {
    Vpe_array& top = *array->top;
    uint32_t weights[WordsFor(SIM_COLS * SIM_WIDTH)] = {};
    for (int c = 0; c < SIM_COLS; ++c) PutBits(weights, c * SIM_WIDTH, SIM_WIDTH, static_cast<uint16_t>(weight_in[c]));
    uint32_t acts[WordsFor(SIM_ROWS * SIM_WIDTH)] = {};
    uint32_t valid[WordsFor(SIM_ROWS)] = {};
    for (int r = 0; r < SIM_ROWS; ++r) {
        PutBits(acts, r * SIM_WIDTH, SIM_WIDTH, static_cast<uint16_t>(act_in[r]));
        PutBits(valid, r, 1, act_valid_in[r] ? 1u : 0u);
    }
    top.weight_load_en = weight_load_en ? 1 : 0;
    StoreWords(top.weight_in, weights);
    StoreWords(top.act_in, acts);
    StoreWords(top.act_valid_in, valid);
}

// One clock cycle with the inputs last set.
SIM_API void sim_pe_step(SimPeArray* array) { array->Edge(); }

// Reads psum_out[SIM_COLS] and psum_valid_out[SIM_COLS] as registered at the last edge.
SIM_API void sim_pe_read_outputs(SimPeArray* array, int32_t* psum_out, uint8_t* psum_valid_out) {
    const Vpe_array& top = *array->top;
    uint32_t sums[WordsFor(SIM_COLS * kAccWidth)];
    LoadWords(top.psum_out, sums);
    uint32_t valid[WordsFor(SIM_COLS)];
    LoadWords(top.psum_valid_out, valid);
    for (int c = 0; c < SIM_COLS; ++c) {
        psum_out[c] = static_cast<int32_t>(sums[c]);
        psum_valid_out[c] = (valid[c / 32] >> (c % 32)) & 1u;
    }
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
