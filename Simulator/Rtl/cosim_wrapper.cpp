// C ABI over the Verilated pe_array, for Sim's P/Invoke binding (Sim.Cosim.RtlLibrary).
//
// One shared library per configuration: the build passes the array's shape as -DSIM_ROWS,
// -DSIM_COLS and -DSIM_WIDTH (matching verilator -G parameters) and compiles everything with
// -fvisibility=hidden, so only the sim_pe_* functions below are exported and two configurations
// loaded into one process cannot resolve each other's Verilator runtime symbols.
//
// Ports go across as plain arrays, one element per PE row or column: operands as int16 (the
// library keeps the low SIM_WIDTH bits; the caller checks the range), valid bits and 2-bit weight
// indices as bytes, the 2:4 activation groups as four int16 per row, the MAC counters as uint32.
// The static mode inputs (zero_gating_en, structured_2_4_en) are set by sim_pe_set_mode and held,
// through resets, until the next call.
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
    array->top->zero_gating_en = 0;
    array->top->structured_2_4_en = 0;
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

// The shape of the widest input bus, in bits: zeros for any port.
constexpr int kMaxBits = SIM_ROWS * 4 * SIM_WIDTH > SIM_COLS * kAccWidth ? SIM_ROWS * 4 * SIM_WIDTH : SIM_COLS * kAccWidth;

// One edge with rst high and every per-cycle input low: clears every register, as the C# model's
// Reset. The mode inputs keep their values (the model's Reset keeps its features too).
SIM_API void sim_pe_reset(SimPeArray* array) {
    Vpe_array& top = *array->top;
    const uint32_t zeros[WordsFor(kMaxBits)] = {};
    top.weight_load_en = 0;
    top.weight_load_bank = 0;
    StoreWords(top.act_bank_in, zeros);
    StoreWords(top.weight_in, zeros);
    StoreWords(top.weight_index_in, zeros);
    StoreWords(top.act_in, zeros);
    StoreWords(top.act_valid_in, zeros);
    StoreWords(top.act_group_in, zeros);
    top.rst = 1;
    array->Edge();
    top.rst = 0;
}

// The static mode inputs zero_gating_en and structured_2_4_en (0 or 1), from the next edge on.
SIM_API void sim_pe_set_mode(SimPeArray* array, int32_t zero_gating_en, int32_t structured_2_4_en) {
    array->top->zero_gating_en = zero_gating_en ? 1 : 0;
    array->top->structured_2_4_en = structured_2_4_en ? 1 : 0;
}

// Drives the input ports for the next edge: weight_load_en and weight_load_bank, weight_in[SIM_COLS],
// weight_index_in[SIM_COLS] (low two bits of each byte), act_in[SIM_ROWS], act_valid_in[SIM_ROWS],
// act_bank_in[SIM_ROWS], act_group_in[SIM_ROWS][4] (row r's activation i at [4r + i]). weight_index_in,
// act_bank_in and act_group_in may be null: all zero (dense mode, bank 0).
SIM_API void sim_pe_set_inputs(SimPeArray* array, int32_t weight_load_en, int32_t weight_load_bank, const int16_t* weight_in,
                               const uint8_t* weight_index_in, const int16_t* act_in,
                               const uint8_t* act_valid_in, const uint8_t* act_bank_in, const int16_t* act_group_in) {
    Vpe_array& top = *array->top;
    uint32_t weights[WordsFor(SIM_COLS * SIM_WIDTH)] = {};
    uint32_t indices[WordsFor(SIM_COLS * 2)] = {};
    for (int c = 0; c < SIM_COLS; ++c) {
        PutBits(weights, c * SIM_WIDTH, SIM_WIDTH, static_cast<uint16_t>(weight_in[c]));
        if (weight_index_in) PutBits(indices, c * 2, 2, weight_index_in[c]);
    }
    uint32_t acts[WordsFor(SIM_ROWS * SIM_WIDTH)] = {};
    uint32_t valid[WordsFor(SIM_ROWS)] = {};
    uint32_t banks[WordsFor(SIM_ROWS)] = {};
    uint32_t groups[WordsFor(SIM_ROWS * 4 * SIM_WIDTH)] = {};
    for (int r = 0; r < SIM_ROWS; ++r) {
        PutBits(acts, r * SIM_WIDTH, SIM_WIDTH, static_cast<uint16_t>(act_in[r]));
        PutBits(valid, r, 1, act_valid_in[r] ? 1u : 0u);
        if (act_bank_in) PutBits(banks, r, 1, act_bank_in[r] ? 1u : 0u);
    }
    if (act_group_in)
        for (int i = 0; i < 4 * SIM_ROWS; ++i)
            PutBits(groups, i * SIM_WIDTH, SIM_WIDTH, static_cast<uint16_t>(act_group_in[i]));
    top.weight_load_en = weight_load_en ? 1 : 0;
    top.weight_load_bank = weight_load_bank ? 1 : 0;
    StoreWords(top.act_bank_in, banks);
    StoreWords(top.weight_in, weights);
    StoreWords(top.weight_index_in, indices);
    StoreWords(top.act_in, acts);
    StoreWords(top.act_valid_in, valid);
    StoreWords(top.act_group_in, groups);
}

// One clock cycle with the inputs last set.
SIM_API void sim_pe_step(SimPeArray* array) { array->Edge(); }

// Reads psum_out[SIM_COLS] and psum_valid_out[SIM_COLS] as registered at the last edge, and, when
// mac_active_out is not null, the MAC counters mac_active_out, mac_gated_out and mac_repeated_out[SIM_COLS].
SIM_API void sim_pe_read_outputs(SimPeArray* array, int32_t* psum_out, uint8_t* psum_valid_out,
                                 uint32_t* mac_active_out, uint32_t* mac_gated_out, uint32_t* mac_repeated_out) {
    const Vpe_array& top = *array->top;
    uint32_t sums[WordsFor(SIM_COLS * kAccWidth)];
    LoadWords(top.psum_out, sums);
    uint32_t valid[WordsFor(SIM_COLS)];
    LoadWords(top.psum_valid_out, valid);
    for (int c = 0; c < SIM_COLS; ++c) {
        psum_out[c] = static_cast<int32_t>(sums[c]);
        psum_valid_out[c] = (valid[c / 32] >> (c % 32)) & 1u;
    }
    if (!mac_active_out) return;
    // COUNT_WIDTH is 32: one word per column.
    LoadWords(top.mac_active_out, mac_active_out);
    LoadWords(top.mac_gated_out, mac_gated_out);
    LoadWords(top.mac_repeated_out, mac_repeated_out);
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
